/**
 * A set's networks get their address ranges from Testbed's pool (TESTBED_ADDRESS_POOL), not
 * from the engine's few default pools: two sets never share one, a destroyed set's range is
 * given out again, a used-up pool fails with exit 31 and the fix, and a file's own `ipam`
 * ranges are kept as written. Each test uses a small pool of its own in 10.204-205.x.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inPools, parseAddressPools } from '../../../src/plan/address-pool.js';
import { setSelector } from '../../../src/plan/labels.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const compose = `
services:
  app:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    networks: [front, back]
    x-testbed: { ready: started }
networks:
  front: {}
  back: {}
`;

/** A pool of `count` /26s that no other test (nor the default pool) hands out. */
function testPool(second: number, count: 2 | 4): string {
  const third = Math.floor(Math.random() * 256);
  return `10.${second}.${third}.0/${count === 2 ? 25 : 24}/26`;
}

async function subnetsOf(p: TempProject, set: string): Promise<Record<string, string[]>> {
  const tb = await p.open();
  const networks = await tb.engine.listNetworks(setSelector(p.name, set));
  return Object.fromEntries(networks.map((n) => [n.name, n.subnets]));
}

describe.skipIf(skipWithoutEngine)("networks from Testbed's address pool", () => {
  let p: TempProject;

  beforeAll(async () => {
    p = await tempProject('netpool', compose);
  });

  afterAll(async () => {
    await p?.cleanup();
  });

  it('gives each network of two sets made at once its own range from the pool', async () => {
    const pool = testPool(204, 4);
    const env = { TESTBED_ADDRESS_POOL: pool };
    const [one, two] = await Promise.all([p.cli(['up', 'one', '-q'], { env }), p.cli(['up', 'two', '-q'], { env })]);
    expect(one.stderr).toBe('');
    expect(two.stderr).toBe('');
    expect([one.code, two.code]).toEqual([0, 0]);
    const ranges = [...Object.values(await subnetsOf(p, 'one')), ...Object.values(await subnetsOf(p, 'two'))].flat();
    expect(ranges).toHaveLength(4);
    for (const range of ranges) expect(inPools(parseAddressPools(pool)!, range), range).toBe(true);
    expect(new Set(ranges).size).toBe(4);
    await p.cli(['remove', 'one', '-q']);
    await p.cli(['remove', 'two', '-q']);
  }, 180_000);

  it("fails with exit 31 and the fix when the pool is used up, and gives a destroyed set's range to the next", async () => {
    const env = { TESTBED_ADDRESS_POOL: testPool(204, 2) };
    const single = compose.replace('networks: [front, back]', 'networks: [front]');
    await p.write('compose.yaml', single);
    expect((await p.cli(['up', 'a', '-q'], { env })).code).toBe(0);
    expect((await p.cli(['up', 'b', '-q'], { env })).code).toBe(0);
    const before = await subnetsOf(p, 'a');

    const full = await p.cli(['up', 'c'], { env });
    expect(full.code).toBe(31);
    expect(full.stderr).toContain(`no address range is left for network ${p.name}-c-front`);
    expect(full.stderr).toContain(env.TESTBED_ADDRESS_POOL.replace(/\/26$/, ''));
    expect(full.stderr).toMatch(/hint: .*testbed destroy SET.*TESTBED_ADDRESS_POOL=/);
    expect(await subnetsOf(p, 'c')).toEqual({});

    expect((await p.cli(['destroy', 'a', '-q'], { env })).code).toBe(0);
    const again = await p.cli(['up', 'c', '-q'], { env });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(Object.values(await subnetsOf(p, 'c'))).toEqual(Object.values(before));
    for (const set of ['a', 'b', 'c']) await p.cli(['remove', set, '-q']);
    await p.write('compose.yaml', compose);
  }, 180_000);

  it("keeps a file's ipam subnet as written, and a service's fixed address in it", async () => {
    const third = Math.floor(Math.random() * 256);
    const subnet = `10.205.${third}.0/24`;
    await p.write(
      'compose.yaml',
      `
services:
  app:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    networks:
      fixed: { ipv4_address: 10.205.${third}.10 }
    x-testbed: { ready: started }
networks:
  fixed:
    ipam:
      config:
        - subnet: ${subnet}
`,
    );
    const up = await p.cli(['up', 'fixed', '-q']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(await subnetsOf(p, 'fixed')).toEqual({ [`${p.name}-fixed-fixed`]: [subnet] });
    const ip = await p.cli(['exec', 'fixed', 'app', '--', 'ip', '-4', '-o', 'addr', 'show', 'eth0']);
    expect(ip.stdout).toContain(`10.205.${third}.10/24`);
    await p.cli(['remove', 'fixed', '-q']);
    await p.write('compose.yaml', compose);
  }, 120_000);

  it('takes ranges from 10.199.0.0/16 when TESTBED_ADDRESS_POOL is not set', async () => {
    const env = { TESTBED_ADDRESS_POOL: '' };
    const up = await p.cli(['up', 'plain', '-q'], { env });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const ranges = Object.values(await subnetsOf(p, 'plain')).flat();
    expect(ranges).toHaveLength(2);
    for (const range of ranges) expect(range).toMatch(/^10\.199\.\d+\.0\/24$/);
    await p.cli(['remove', 'plain', '-q']);
  }, 120_000);
});
