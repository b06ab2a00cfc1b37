import { describe, expect, it } from 'vitest';
import { inPools, parseAddressPools, pickSubnet, poolSubnetCount } from '../../../src/plan/address-pool.js';

describe("Testbed's address pool for networks", () => {
  it('is 10.199.0.0/16 in /24s unless TESTBED_ADDRESS_POOL says otherwise', () => {
    expect(parseAddressPools(undefined)).toEqual([{ base: '10.199.0.0/16', size: 24 }]);
    expect(parseAddressPools('')).toEqual([{ base: '10.199.0.0/16', size: 24 }]);
    expect(poolSubnetCount(parseAddressPools(undefined)!)).toBe(256);
  });

  it('reads BASE/PREFIX[/SIZE] lists, and "engine" leaves the choice to the engine', () => {
    expect(parseAddressPools('10.50.0.0/20/26, 10.60.0.0/16')).toEqual([
      { base: '10.50.0.0/20', size: 26 },
      { base: '10.60.0.0/16', size: 24 },
    ]);
    expect(parseAddressPools('10.70.1.0/25')).toEqual([{ base: '10.70.1.0/25', size: 25 }]);
    expect(parseAddressPools('engine')).toBeUndefined();
  });

  it.each([
    ['10.199.0.0', 'is not an address range'],
    ['10.199.0.0/16/8', 'outside /16../30'],
    ['10.199.1.0/16', 'host bits set'],
    ['300.1.0.0/16', 'not an IPv4 range'],
    ['10.0.0.0/8/30', 'at most 65536'],
  ])('refuses %s with the fix', (text, why) => {
    expect(() => parseAddressPools(text)).toThrow(why);
    try {
      parseAddressPools(text);
    } catch (err) {
      expect((err as { code: string; hint: string }).code).toBe('USAGE');
      expect((err as { hint: string }).hint).toContain('TESTBED_ADDRESS_POOL=10.199.0.0/16/24');
    }
  });

  const pools = parseAddressPools('10.80.0.0/22/24')!;

  it('gives a network the same subnet again while it is free', () => {
    const first = pickSubnet(pools, 'shop-demo-default', []);
    expect(first).toMatch(/^10\.80\.[0-3]\.0\/24$/);
    expect(pickSubnet(pools, 'shop-demo-default', [])).toBe(first);
  });

  it('never gives a subnet that overlaps a network of the engine, and says when none is left', () => {
    const used = ['172.17.0.0/16', '10.80.0.0/24', '10.80.2.0/23', 'fd00::/64'];
    for (const key of ['a', 'b', 'c', 'd', 'e']) expect(pickSubnet(pools, key, used)).toBe('10.80.1.0/24');
    expect(pickSubnet(pools, 'a', [...used, '10.80.1.128/25'])).toBeUndefined();
    // A network wider than the pool covers all of it.
    expect(pickSubnet(pools, 'a', ['10.0.0.0/8'])).toBeUndefined();
  });

  it('skips subnets already tried (taken by a concurrent up)', () => {
    const first = pickSubnet(pools, 'x', [])!;
    const second = pickSubnet(pools, 'x', [], new Set([first]))!;
    expect(second).not.toBe(first);
    expect(inPools(pools, second)).toBe(true);
  });

  it('spreads networks over the pool', () => {
    const big = parseAddressPools(undefined)!;
    const picked = new Set(Array.from({ length: 100 }, (_, i) => pickSubnet(big, `p-s${i}-default`, [])));
    expect(picked.size).toBeGreaterThan(70);
  });
});
