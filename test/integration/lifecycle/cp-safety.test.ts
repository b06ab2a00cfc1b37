/**
 * `cp` with a container that holds hostile files: nothing from it is written outside the
 * destination the user named, and nothing of the host goes in but what was named.
 */
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestbedSet } from '../../../src/api/testbed-set.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const COMPOSE = `
services:
  app:
    image: busybox:latest
    command: ["sh", "-c", "exec sleep 3600"]
    stop_signal: SIGKILL
`;

const sh = (cmd: string) => ['sh', '-c', cmd];

describe.skipIf(skipWithoutEngine)('cp with hostile files in the container', () => {
  let p: TempProject;
  let set: TestbedSet;
  let host: string;

  beforeAll(async () => {
    p = await tempProject('cpsafe', COMPOSE);
    set = await p.set('s');
    await set.up();
    const made = await set.exec(
      'app',
      sh(
        'mkdir -p /.ssh && echo attacker >/.ssh/authorized_keys && ln -s / /tmp/out.log && ' +
          'mkdir -p /kept/sub && ' +
          'echo data >/kept/sub/f && ln /kept/sub/f /kept/hard && ln -s /etc/passwd /kept/abs',
      ),
    );
    expect(made.exitCode, made.stderr).toBe(0);
  });
  afterAll(() => p.cleanup());

  beforeEach(async () => {
    if (host) await rm(host, { recursive: true, force: true });
    host = await mkdtemp(join(tmpdir(), 'testbed-cp-host-'));
    await mkdir(join(host, '.ssh'));
    await writeFile(join(host, '.ssh', 'authorized_keys'), 'mine\n');
  });
  afterAll(() => rm(host, { recursive: true, force: true }));

  it('a link to / copied out lands inside the named destination, and the host .ssh beside it is untouched', async () => {
    const res = await p.cli(['cp', 's', 'app:/tmp/out.log', join(host, 'out.log')]);
    expect(res.code, res.stderr).toBe(0);
    expect(await readFile(join(host, '.ssh', 'authorized_keys'), 'utf8')).toBe('mine\n');
    expect((await readdir(host)).sort()).toEqual(['.ssh', 'out.log']);
    // The container's root is there, under the name given.
    expect(await readFile(join(host, 'out.log', '.ssh', 'authorized_keys'), 'utf8')).toBe('attacker\n');
    expect(await readdir(join(host, 'out.log', 'bin'))).toContain('sh');
  });

  it('a link that climbs out of the copied folder is refused with exit 26, and nothing is written', async () => {
    await set.exec('app', sh('mkdir -p /climb && ln -s ../../../../.ssh /climb/up'));
    const res = await p.cli(['cp', 's', 'app:/climb', join(host, 'climb')]);
    await set.exec('app', sh('rm -r /climb'));
    expect(res.code).toBe(26);
    expect(res.stderr).toContain('"climb/up" is a symbolic link to ../../../../.ssh, outside the copy');
    expect(res.stderr).toContain('Nothing was copied');
    expect((await readdir(host)).sort()).toEqual(['.ssh']);
    expect(await readFile(join(host, '.ssh', 'authorized_keys'), 'utf8')).toBe('mine\n');
  });

  it('a folder copied out keeps its absolute links as links and its hard links as hard links', async () => {
    const res = await p.cli(['cp', 's', 'app:/kept', host]);
    expect(res.code, res.stderr).toBe(0);
    expect(await readlink(join(host, 'kept', 'abs'))).toBe('/etc/passwd');
    expect(await readFile(join(host, 'kept', 'hard'), 'utf8')).toBe('data\n');
    expect(await readFile(join(host, 'kept', 'sub', 'f'), 'utf8')).toBe('data\n');
  });

  it('a host folder copied in sends its links as links, never the host files they point to', async () => {
    await mkdir(join(host, 'upload'));
    await writeFile(join(host, 'upload', 'note'), 'hello\n');
    await symlink(join(host, '.ssh', 'authorized_keys'), join(host, 'upload', 'keys'));
    const res = await p.cli(['cp', 's', join(host, 'upload'), 'app:/tmp/']);
    expect(res.code, res.stderr).toBe(0);
    const seen = await set.exec('app', sh('cat /tmp/upload/note; readlink /tmp/upload/keys; cat /tmp/upload/keys 2>/dev/null || echo unreadable'));
    expect(seen.stdout).toBe(`hello\n${join(host, '.ssh', 'authorized_keys')}\nunreadable\n`);
  });
});
