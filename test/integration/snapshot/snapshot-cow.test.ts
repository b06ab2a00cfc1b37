/**
 * Sets made from a snapshot share its data copy-on-write: each reads the snapshot's data volume
 * through an overlay mount and writes to a layer of its own. What a user sees: the data is
 * there, writes stay in their set, a second set takes only the disk it writes, reset drops the
 * writes, --verify still checks the content, snapshot rm waits for the sets that read its data,
 * and where the engine cannot mount it the data is copied instead, said once.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../../src/lifecycle/events.js';
import { COW_LABEL } from '../../../src/plan/cow-volumes.js';
import { LABEL, setSelector } from '../../../src/plan/labels.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';
import { removeSnapshots } from '../../support/snapshots.js';

const COMPOSE = `
services:
  app:
    image: busybox:latest
    command: ["sh", "-c", "exec sleep 3600"]
    stop_signal: SIGKILL
    volumes: ["data:/data"]
    x-testbed: { ready: started }
volumes:
  data: {}
`;

const docker = new Docker();
const sh = (cmd: string) => ['sh', '-c', cmd];
/** The content every set made from the snapshot must read. */
const ORIGINAL = 'rows\n1000:1000 750\n4096';

/** Runs a shell command in a throwaway busybox container with `volume` mounted at /v; resolves with its output. */
async function inVolume(volume: string, cmd: string): Promise<string> {
  const c = await docker.createContainer({
    Image: 'busybox:latest',
    Cmd: ['sh', '-c', cmd],
    Tty: true,
    Labels: { [LABEL.test]: 'snapshot-cow' },
    HostConfig: { Mounts: [{ Type: 'volume', Source: volume, Target: '/v' }] },
  });
  try {
    await c.start();
    await c.wait();
    // The engine's client hands over an output that reads as JSON (a number) parsed.
    return String(await c.logs({ stdout: true, stderr: true })).replace(/\r/g, '').trim();
  } finally {
    await c.remove({ force: true });
  }
}

describe.skipIf(skipWithoutEngine)('sets made from a snapshot share its data, copy-on-write', () => {
  let p: TempProject;
  let dataVolume: string;

  const volumesOf = async (set: string) => (await (await p.open()).engine.listVolumes(setSelector(p.name, set))).sort((a, b) => a.name.localeCompare(b.name));
  const read = async (set: string) => (await (await p.set(set)).exec('app', sh('cat /data/rows; stat -c "%u:%g %a" /data; du -k /data/blob | cut -f1'))).stdout.trim();
  const used = async (set: string) => Number(await inVolume(`${p.name}-${set}-snapshot-layers`, 'du -sk /v | cut -f1'));

  beforeAll(async () => {
    p = await tempProject('snapcow', COMPOSE);
    const base = await p.set('base');
    await base.up();
    await base.exec('app', sh('echo rows > /data/rows && dd if=/dev/urandom of=/data/blob bs=1M count=4 2>/dev/null && chown 1000:1000 /data && chmod 750 /data'));
    await base.snapshot('s1');
  }, 180_000);

  afterAll(async () => {
    await p.cleanup();
    await removeSnapshots(p.name);
  });

  it("a set made from a snapshot reads its data through an overlay on the snapshot's data volume, verified", async () => {
    const events: LifecycleEvent[] = [];
    await (await p.set('one')).up({ from: 's1', verify: true, events: (e) => events.push(e) });
    expect(await read('one')).toBe(ORIGINAL);
    const volumes = await volumesOf('one');
    expect(volumes.map((v) => v.name)).toEqual([`${p.name}-one-data`, `${p.name}-one-snapshot-layers`]);
    const data = volumes[0]!;
    expect(data.options).toMatchObject({ type: 'overlay', device: 'overlay' });
    dataVolume = data.labels[COW_LABEL.lower]!;
    expect(data.options!.o).toContain(`lowerdir=`);
    expect(data.options!.o).toContain(`/${dataVolume}/`);
    expect(events.some((e) => e.kind === 'warning')).toBe(false);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'snapshot', message: expect.stringContaining('copy-on-write') }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'snapshot', message: expect.stringContaining('verified') }));
  }, 120_000);

  it("a set's writes show neither in the snapshot's data nor in a sibling set, and the sibling takes only the disk it writes", async () => {
    await (await p.set('one')).exec('app', sh('echo mine > /data/rows && echo new > /data/new && rm /data/blob'));
    await (await p.set('two')).up({ from: 's1' });
    expect(await read('two')).toBe(ORIGINAL);
    expect((await (await p.set('two')).exec('app', sh('ls /data'))).stdout).toBe('blob\nrows\n');
    expect(await inVolume(dataVolume, 'cat /v/data/data/rows; ls -1 /v/data/data')).toBe('rows\nblob\nrows');
    expect((await (await p.set('base')).exec('app', sh('cat /data/rows'))).stdout).toBe('rows\n');
    // 4 MiB of data read, nothing written: the second set's own layer holds a few folders.
    const empty = await used('two');
    expect(empty).toBeLessThan(64);
    await (await p.set('two')).exec('app', sh('dd if=/dev/zero of=/data/more bs=1k count=1024 2>/dev/null'));
    expect((await used('two')) - empty).toBeGreaterThanOrEqual(1024);
    expect((await used('two')) - empty).toBeLessThan(1024 + 64);
  }, 180_000);

  it('a snapshot of a copy-on-write set holds what the set reads: its writes over the snapshot it came from', async () => {
    await (await p.set('one')).snapshot('of-one');
    await (await p.set('three')).up({ from: 'of-one', verify: true });
    expect((await (await p.set('three')).exec('app', sh('cat /data/rows /data/new; ls /data'))).stdout).toBe('mine\nnew\nnew\nrows\n');
    expect((await p.cli(['remove', 'three', '-q'])).code).toBe(0);
    expect((await p.cli(['snapshot', 'rm', 'of-one', '-q'])).code).toBe(0);
  }, 180_000);

  it("two sets made at once from a snapshot new to the engine both get its data, from one data volume", async () => {
    await (await p.set('base')).snapshot('s3');
    const [a, b] = await Promise.all([p.cli(['up', 'pair-a', '--from', 's3', '-q']), p.cli(['up', 'pair-b', '--from', 's3', '-q'])]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    expect(await read('pair-a')).toBe(ORIGINAL);
    expect(await read('pair-b')).toBe(ORIGINAL);
    const lowers = new Set([...(await volumesOf('pair-a')), ...(await volumesOf('pair-b'))].map((v) => v.labels[COW_LABEL.lower]));
    expect(lowers.size).toBe(1);
    for (const set of ['pair-a', 'pair-b']) expect((await p.cli(['remove', set, '-q'])).code).toBe(0);
    expect((await p.cli(['snapshot', 'rm', 's3', '-q'])).code).toBe(0);
  }, 180_000);

  it("reset drops the set's writes", async () => {
    const res = await p.cli(['reset', 'one', '-q']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(await read('one')).toBe(ORIGINAL);
    expect((await (await p.set('one')).exec('app', sh('ls /data'))).stdout).toBe('blob\nrows\n');
    expect(await used('one')).toBeLessThan(64);
  }, 120_000);

  it("--verify catches a change of the snapshot's data volume, and nothing of the set starts", async () => {
    await inVolume(dataVolume, 'echo forged > /v/data/data/rows');
    try {
      const res = await p.cli(['up', 'forged', '--from', 's1', '--verify']);
      expect(res.code).toBe(12);
      expect(res.stderr).toContain('volume data of set forged does not hold what snapshot');
      const containers = await (await p.open()).engine.listContainers(setSelector(p.name, 'forged'));
      expect(containers).toEqual([]);
    } finally {
      await inVolume(dataVolume, 'echo rows > /v/data/data/rows');
      await p.cli(['remove', 'forged', '-q']);
    }
  }, 120_000);

  it('snapshot rm waits for the sets that read its data, and takes its data volume when it goes', async () => {
    expect((await p.cli(['destroy', 'two', '-q'])).code).toBe(0);
    expect((await p.cli(['destroy', 'one', '-q'])).code).toBe(0);
    // No container runs its images any more, but the sets' kept volumes still read its data.
    const refused = await p.cli(['snapshot', 'rm', 's1']);
    expect(refused.code).toBe(25);
    expect(refused.stderr).toMatch(/in use by set\(s\) one \(project .*\), two \(project .*\): their volumes are its data, copy-on-write/);
    for (const set of ['one', 'two']) {
      expect((await p.cli(['remove', set, '-q'])).code).toBe(0);
      expect(await volumesOf(set)).toEqual([]);
    }
    expect((await p.cli(['snapshot', 'rm', 's1', '-q'])).code).toBe(0);
    expect(await (await p.open()).engine.inspectVolume(dataVolume)).toBeUndefined();
  }, 120_000);

  it('where the engine cannot mount the overlay, the data is copied instead and that is said once; TESTBED_SNAPSHOT_RESTORE=copy copies from the start', async () => {
    await (await p.set('base')).snapshot('s2');
    await (await p.set('first')).up({ from: 's2' });
    const lower = (await volumesOf('first'))[0]!.labels[COW_LABEL.lower]!;
    // Unmounted before its data is moved: a lower layer must not change under a mounted overlay.
    expect((await p.cli(['destroy', 'first', '-q'])).code).toBe(0);
    // The data volume's folder for `data` becomes a link to nowhere: the engine refuses the overlay mount.
    await inVolume(lower, 'mv /v/data/data /v/data/away && ln -s /nonexistent /v/data/data');
    try {
      const events: LifecycleEvent[] = [];
      await (await p.set('fallback')).up({ from: 's2', events: (e) => events.push(e) });
      const warnings = events.filter((e) => e.kind === 'warning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ message: expect.stringMatching(/copy-on-write restore is not possible on this engine \(.*mount.*\): set fallback's volumes are filled with a copy/) });
      expect(await read('fallback')).toBe(ORIGINAL);
      expect((await volumesOf('fallback')).map((v) => [v.name, v.options ?? {}])).toEqual([[`${p.name}-fallback-data`, {}]]);
    } finally {
      await inVolume(lower, 'rm /v/data/data && mv /v/data/away /v/data/data');
    }
    const events: LifecycleEvent[] = [];
    await (await p.set('copied')).up({ from: 's2', env: { ...process.env, TESTBED_SNAPSHOT_RESTORE: 'copy' }, events: (e) => events.push(e) });
    expect(events.filter((e) => e.kind === 'warning')).toEqual([]);
    expect(await read('copied')).toBe(ORIGINAL);
    expect((await volumesOf('copied')).map((v) => [v.name, v.options ?? {}])).toEqual([[`${p.name}-copied-data`, {}]]);
  }, 240_000);
});
