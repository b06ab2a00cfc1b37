/**
 * Snapshots of a small set (busybox): what a set made from one has (volumes, anonymous volumes,
 * file system changes, secrets, values, jobs done), and the refusals that keep snapshots honest.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../../src/lifecycle/events.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';
import { rawImage, removeSnapshots } from '../../support/snapshots.js';

const COMPOSE = `
x-testbed:
  values:
    greeting: hi
  secrets:
    token: { generate: { length: 20 } }
  jobs:
    seed:
      service: app
      user: root
      command:
        - sh
        - -c
        - >-
          echo seeded > /data/rows && echo "$$TOKEN" > /data/token && mkdir -p /data/sub && echo deep > /data/sub/f &&
          ln -s rows /data/link && chown -R 1000:1000 /data/sub && chmod 700 /data/sub &&
          echo anon > /cache/a && echo layer > /etc/layer && chmod 600 /etc/layer && ln -s /etc/layer /etc/layer-link &&
          mkdir -p /srv/tree/deep && echo t > /srv/tree/deep/f && chown -R 1000:1000 /srv/tree && chmod 750 /srv/tree
      environment: { TOKEN: "{{ secrets.token }}" }
      once: true
services:
  app:
    image: busybox:latest
    command: ["sh", "-c", "exec sleep 3600"]
    stop_signal: SIGKILL
    volumes: ["data:/data", "/cache"]
    x-testbed:
      secret_environment: { TOKEN: token }
  peer:
    image: busybox:latest
    command: ["sh", "-c", "exec sleep 3600"]
    stop_signal: SIGKILL
    volumes: ["data:/shared"]
volumes:
  data: {}
`;

const sh = (cmd: string) => ['sh', '-c', cmd];

describe.skipIf(skipWithoutEngine)('snapshots of a set', () => {
  let p: TempProject;
  let token: string;

  beforeAll(async () => {
    p = await tempProject('snapb', COMPOSE);
    const base = await p.set('base');
    await base.up({ valueOverrides: { greeting: 'there' } });
    token = (await base.secrets({ reveal: true })).find((s) => s.name === 'token')!.value;
    await base.snapshot('s1');
  });
  afterAll(async () => {
    await p.cleanup();
    await removeSnapshots(p.name);
  });

  it("a set made from a snapshot has the named and anonymous volumes, file system changes and secrets of the one it was taken of", async () => {
    const events: LifecycleEvent[] = [];
    const copy = await p.set('copy');
    await copy.up({ from: 's1', verify: true, events: (e) => events.push(e) });
    const read = async (service: string, cmd: string) => (await copy.exec(service, sh(cmd))).stdout.trim();
    expect(await read('app', 'cat /data/rows /cache/a /etc/layer')).toBe('seeded\nanon\nlayer');
    // The container's own changes come back with their owners, modes and links.
    expect(await read('app', 'stat -c "%a" /etc/layer; readlink /etc/layer-link; stat -c "%u:%g %a" /srv/tree /srv/tree/deep; cat /srv/tree/deep/f')).toBe(
      '600\n/etc/layer\n1000:1000 750\n1000:1000 755\nt',
    );
    expect(await read('app', 'stat -c "%u:%g %a" /data/sub; readlink /data/link')).toBe('1000:1000 700\nrows');
    // The volume two services share is the same data in both.
    expect(await read('peer', 'cat /shared/rows /shared/sub/f')).toBe('seeded\ndeep');
    // Same secrets as the set it came from: data made with them keeps working.
    expect(await read('app', 'echo $TOKEN; cat /data/token')).toBe(`${token}\n${token}`);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'job', name: 'seed', action: 'skipped' }));
    expect(events.some((e) => e.kind === 'snapshot' && /verified/.test(e.message))).toBe(true);
    expect(await copy.madeFrom()).toMatchObject({ name: 's1', ref: `testbed-snapshot/${p.name}:s1` });
  });

  it('values travel with the snapshot, and --set-value given to up --from applies on top', async () => {
    const copy = await p.set('copy2');
    await copy.up({ from: 's1', valueOverrides: { extra: 'yes' } });
    const context = await copy.templateContext();
    expect(context.values).toMatchObject({ greeting: 'there', extra: 'yes' });
  });

  it('up --from with -p makes the new set from any directory, with the files the snapshot\'s set was made with', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'testbed-elsewhere-'));
    try {
      const res = await p.cli(['up', 'away', '--from', 's1', '-p', p.name, '-q'], { cwd: elsewhere });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const away = await p.set('away');
      expect((await away.madeWith())?.files).toEqual([p.file]);
      expect((await away.exec('app', sh('cat /data/rows'))).stdout.trim()).toBe('seeded');
      // Gone again: a later test removes the snapshot, which no set may still run.
      await away.remove();
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('up again of a set made from a snapshot changes nothing; up --from onto an existing other set is refused', async () => {
    const events: LifecycleEvent[] = [];
    await (await p.set('copy')).up({ events: (e) => events.push(e) });
    const containers = events.filter((e) => e.kind === 'container' && ['created', 'recreated', 'unchanged'].includes(e.action));
    expect(containers.map((e) => (e as { action: string }).action)).toEqual(['unchanged', 'unchanged']);
    const again = await p.cli(['up', 'copy', '--from', 's1']);
    expect(again.code).toBe(0);
    const onto = await p.cli(['up', 'base', '--from', 's1']);
    expect(onto.code).toBe(64);
    expect(onto.stderr).toContain('set base already exists');
  });

  it('a service whose image changed since runs the new image, with its data still from the snapshot', async () => {
    const original = await readFile(p.file, 'utf8');
    try {
      await writeFile(p.file, original.replace('  app:\n    image: busybox:latest', '  app:\n    image: busybox'));
      const events: LifecycleEvent[] = [];
      const changed = await p.set('changed');
      await changed.up({ from: 's1', events: (e) => events.push(e) });
      expect(events).toContainEqual(expect.objectContaining({ kind: 'warning', message: expect.stringContaining('service app changed since snapshot s1') }));
      const status = await changed.status();
      expect(status.find((r) => r.service === 'app')?.image).toBe('busybox');
      expect(status.find((r) => r.service === 'peer')?.image).toBe(`testbed-snapshot/${p.name}:s1.peer`);
      expect((await changed.exec('app', sh('cat /data/rows; cat /etc/layer 2>&1 || true'))).stdout).toMatch(/^seeded\n.*No such file/s);
    } finally {
      await writeFile(p.file, original);
    }
  });

  it('snapshot --pause keeps the services running, without a restart', async () => {
    const base = await p.set('base');
    const tb = await p.open();
    const startedAt = async () =>
      Promise.all((await base.status()).map(async (r) => (await tb.engine.inspectContainer(r.container))?.startedAt?.toISOString()));
    const before = await startedAt();
    const res = await p.cli(['snapshot', 'base', 's2', '--pause', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ name: 's2', set: 'base', services: ['app', 'peer'], volumes: ['data'] });
    expect((await base.status()).map((r) => r.state)).toEqual(['running', 'running']);
    expect(await startedAt()).toEqual(before);
  });

  it('a snapshot of a set that no longer matches its file is refused (exit 13), and --force takes it', async () => {
    const original = await readFile(p.file, 'utf8');
    try {
      await writeFile(p.file, original.replace('    volumes: ["data:/shared"]', '    volumes: ["data:/shared"]\n    environment: { CHANGED: "1" }'));
      const refused = await p.cli(['snapshot', 'base', 's3']);
      expect(refused.code).toBe(13);
      expect(refused.stderr).toContain('peer: changed in the file since its containers were made');
      expect(refused.stderr).toContain('--force');
      const forced = await p.cli(['snapshot', 'base', 's3', '--force']);
      expect(forced.code).toBe(0);
      const inspect = JSON.parse((await p.cli(['snapshot', 'inspect', 's3', '--json'])).stdout);
      expect(inspect.manifest.forced).toBe(true);
    } finally {
      await writeFile(p.file, original);
    }
  });

  it('ls and inspect describe snapshots, and no image of one carries a secret in its labels or environment', async () => {
    const ls = await p.cli(['snapshot', 'ls', '--json']);
    expect(JSON.parse(ls.stdout).map((s: { name: string }) => s.name)).toEqual(['s1', 's2', 's3']);
    const inspect = await p.cli(['snapshot', 'inspect', 's1', '--json']);
    const info = JSON.parse(inspect.stdout);
    expect(Object.keys(info.manifest.services)).toEqual(['app', 'peer']);
    expect(info.manifest.volumes.data).toMatchObject({ mountedAt: '/data', entries: 6 });
    expect(info.manifest.services.app.anonymousVolumes).toEqual([expect.objectContaining({ target: '/cache', entries: 2 })]);
    expect(info.manifest.jobsDone).toEqual(['seed']);
    for (const tag of ['s1', 's1.app', 's1.peer']) {
      const raw = JSON.stringify(await rawImage(`testbed-snapshot/${p.name}:${tag}`));
      expect(raw).not.toContain(token);
    }
    for (const out of [ls.stdout, inspect.stdout]) expect(out).not.toContain(token);
  });

  it('up --from a snapshot that does not exist fails with exit 18 and makes nothing', async () => {
    const res = await p.cli(['up', 'nothing', '--from', 'nope']);
    expect(res.code).toBe(18);
    expect(res.stderr).toContain('there is no snapshot nope');
    const tb = await p.open();
    expect((await tb.listSets()).filter((s) => s.project === p.name && s.set === 'nothing')).toEqual([]);
  });

  it('reset takes a set back to its snapshot: data, removed files and job markers', async () => {
    const copy = await p.set('copy');
    await copy.exec('app', sh('echo changed > /data/rows; rm /cache/a; echo more > /data/new'));
    const res = await p.cli(['reset', 'copy']);
    expect(res.code).toBe(0);
    expect((await copy.exec('app', sh('cat /data/rows /cache/a; ls /data'))).stdout).toBe('seeded\nanon\nlink\nrows\nsub\ntoken\n');
    expect(await readFile(join(p.stateDir, p.name, 'copy', 'jobs', 'seed', 'done'), 'utf8')).toMatch(/^\d{4}-/);
    const plain = await p.cli(['reset', 'base']);
    expect(plain.code).toBe(64);
    expect(plain.stderr).toContain('was not made from a snapshot');
  });

  it('makes a container\'s changes again on its own image, deletions included, and commits the container only for an image without rm, saying so', async () => {
    const busybox = await rawImage('busybox:latest');
    // Nothing deleted: the snapshot image is made on the service's image itself.
    expect((await rawImage(`testbed-snapshot/${p.name}:s1.app`)).Parent).toBe(busybox.Id);
    const del = await p.set('del');
    await del.up();
    await del.exec('app', sh('rm /etc/group && echo kept > /etc/added'));
    const events: LifecycleEvent[] = [];
    await del.snapshot('sdel', { events: (e) => events.push(e) });
    expect(events.filter((e) => e.kind === 'warning')).toEqual([]);
    expect((await rawImage(`testbed-snapshot/${p.name}:sdel.app`)).Parent).toBe(busybox.Id);
    const copy = await p.set('delcopy');
    await copy.up({ from: 'sdel' });
    expect((await copy.exec('app', sh('cat /etc/added; test -e /etc/group && echo present || echo gone'))).stdout).toBe('kept\ngone\n');
    await copy.destroy({ volumes: true });
    await del.destroy({ volumes: true });
  });

  it('an image without rm: the container itself is committed for the snapshot, which is exact, and that is said', async () => {
    const bare = await tempProject('snapnorm', `
services:
  app:
    build: ./img
    command: ["sh", "-c", "exec sleep 3600"]
    stop_signal: SIGKILL
`);
    try {
      await bare.write('img/Dockerfile', 'FROM busybox:latest\nRUN rm /bin/rm\n');
      const set = await bare.set('base');
      await set.up();
      await set.exec('app', sh('busybox rm /etc/group && echo kept > /etc/added'));
      const events: LifecycleEvent[] = [];
      await set.snapshot('s', { events: (e) => events.push(e) });
      const warnings = events.filter((e) => e.kind === 'warning').map((e) => (e as { message: string }).message);
      expect(warnings).toEqual([expect.stringMatching(/^service app: what it deleted of its image could not be deleted in a copy \(the image has no rm, or rm failed\), so its snapshot image is made on a commit of its container/)]);
      const copy = await bare.set('copy');
      await copy.up({ from: 's' });
      expect((await copy.exec('app', sh('cat /etc/added; test -e /etc/group && echo present || echo gone'))).stdout).toBe('kept\ngone\n');
    } finally {
      await bare.cleanup();
      await removeSnapshots(bare.name);
    }
  });

  it('snapshot rm is refused while a set runs it, and removes its images once none does', async () => {
    const refused = await p.cli(['snapshot', 'rm', 's1']);
    expect(refused.code).toBe(25);
    expect(refused.stderr).toMatch(/in use by set\(s\) .*copy/);
    for (const set of ['copy', 'copy2', 'changed']) await (await p.set(set)).remove();
    const removed = await p.cli(['snapshot', 'rm', 's1', '--json']);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout).removed.s1.sort()).toEqual([`testbed-snapshot/${p.name}:s1`, `testbed-snapshot/${p.name}:s1.app`, `testbed-snapshot/${p.name}:s1.peer`]);
    const tb = await p.open();
    expect(await tb.engine.inspectImage(`testbed-snapshot/${p.name}:s1.app`)).toBeUndefined();
  });
});
