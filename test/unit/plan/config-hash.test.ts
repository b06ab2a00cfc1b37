import { describe, expect, it } from 'vitest';
import { canonicalJson, configHash } from '../../../src/plan/config-hash.js';
import { containerSpec } from '../../../src/plan/container-spec.js';
import { LABEL } from '../../../src/plan/labels.js';
import type { Service } from '../../../src/model/project.js';
import { project, service } from './fixtures.js';

function specOf(overrides: Partial<Service> = {}, image = 'debian:bookworm-slim') {
  const web = service('web', overrides);
  return containerSpec({
    project: project([web]),
    set: 'demo',
    service: web,
    replica: 1,
    address: '127.1.2.3',
    image,
    publish: 'loopback',
  });
}

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined }, 10: 'x', 9: 'y' })).toBe(
      '{"10":"x","9":"y","a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text for the same value built in another order', () => {
    expect(canonicalJson({ x: 1, y: [2, 3] })).toBe(canonicalJson({ y: [2, 3], x: 1 }));
  });
});

describe('config hash', () => {
  it('is recorded in the labels and covers everything else', () => {
    const spec = specOf();
    expect(spec.labels[LABEL.configHash]).toBe(configHash(spec));
    expect(spec.labels[LABEL.configHash]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not change when the file lists keys in another order', () => {
    const a = specOf({ environment: { A: '1', B: '2' }, labels: { x: '1', y: '2' }, networks: { default: { aliases: [] }, back: { aliases: [] } } });
    const b = specOf({ environment: { B: '2', A: '1' }, labels: { y: '2', x: '1' }, networks: { back: { aliases: [] }, default: { aliases: [] } } });
    expect(configHash(a)).toBe(configHash(b));
  });

  it('changes with the environment, the image, the ports and the command', () => {
    const base = configHash(specOf());
    const changed = [
      specOf({ environment: { A: '1' } }),
      specOf({}, 'debian:trixie-slim'),
      specOf({ ports: [{ target: 80, protocol: 'tcp' }] }),
      specOf({ command: ['sleep', 'infinity'] }),
      specOf({ volumes: [{ type: 'volume', source: 'data', target: '/data', readOnly: false, noCopy: false }] }),
    ].map(configHash);
    for (const hash of changed) expect(hash).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
  });
});
