import { describe, expect, it } from 'vitest';
import { allocateAddresses, isPoolAddress } from '../../../src/plan/address-allocator.js';

const keys = (set: string, n = 3) => Array.from({ length: n }, (_, i) => `shop/${set}/web/${i + 1}`);

function allocate(request: Partial<Parameters<typeof allocateAddresses>[0]> = {}) {
  return allocateAddresses({ keys: keys('demo'), seed: 'seed', existing: {}, taken: new Set(), ...request });
}

describe('loopback address allocation', () => {
  it('gives the same addresses for the same request, whatever the key order', () => {
    const first = allocate();
    expect(allocate()).toEqual(first);
    expect(allocate({ keys: [...keys('demo')].reverse() })).toEqual(first);
    expect(Object.keys(first)).toEqual(keys('demo'));
  });

  it('gives every replica its own address', () => {
    const result = allocate({ keys: keys('demo', 50) });
    expect(new Set(Object.values(result)).size).toBe(50);
  });

  it('gives the same service different addresses in two sets', () => {
    const demo = allocate({ keys: ['shop/demo/web/1'] });
    const demo2 = allocate({ keys: ['shop/demo2/web/1'], taken: new Set(Object.values(demo)) });
    expect(demo2['shop/demo2/web/1']).not.toBe(demo['shop/demo/web/1']);
  });

  it('skips addresses that are taken', () => {
    const free = allocate({ keys: ['shop/demo/web/1'] })['shop/demo/web/1']!;
    const next = allocate({ keys: ['shop/demo/web/1'], taken: new Set([free]) })['shop/demo/web/1']!;
    expect(next).not.toBe(free);
    expect(isPoolAddress(next)).toBe(true);
  });

  it('keeps the addresses a set already has, and does not hand them out again', () => {
    const existing = { 'shop/demo/web/1': '127.9.9.9' };
    const result = allocate({ existing });
    expect(result['shop/demo/web/1']).toBe('127.9.9.9');
    expect(Object.values(result).filter((a) => a === '127.9.9.9')).toHaveLength(1);
  });

  it('does not give a new key the address of a replica that is scaled away but still exists', () => {
    const natural = allocate({ keys: ['shop/demo/web/1'] })['shop/demo/web/1']!;
    const result = allocate({ keys: ['shop/demo/web/1'], existing: { 'shop/demo/web/9': natural } });
    expect(result['shop/demo/web/1']).not.toBe(natural);
    expect(result).not.toHaveProperty('shop/demo/web/9');
  });

  it('never uses 127.0.x.x, nor a last octet of 0 or 255', () => {
    const result = allocate({ keys: Array.from({ length: 2000 }, (_, i) => `p/s/svc${i}/1`) });
    for (const address of Object.values(result)) {
      expect(address).not.toMatch(/^127\.0\./);
      expect(address).not.toMatch(/\.(0|255)$/);
      expect(isPoolAddress(address)).toBe(true);
    }
  });

  it('probes past the end of a /24 without landing on .255 or .0', () => {
    // Take a run of addresses from one candidate onward: the probe must step 127.b.c.254 -> 127.b.c+1.1.
    const start = allocate({ keys: ['k'] })['k']!;
    const [, b, c] = start.split('.').map(Number) as [number, number, number, number];
    const taken = new Set<string>();
    for (let d = 1; d <= 254; d++) taken.add(`127.${b}.${c}.${d}`);
    const next = allocate({ keys: ['k'], taken })['k']!;
    expect(next).toBe(c === 255 ? `127.${b + 1}.0.1` : `127.${b}.${c + 1}.1`);
  });
});
