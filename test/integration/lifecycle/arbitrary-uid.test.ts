/**
 * Issue 15: `x-testbed: { arbitrary_uid: true }` on Docker runs a service as OpenShift would:
 * a UID it did not choose (one per set, kept in the set's folder) with group 0, and the places
 * it writes (its named volume, its writable_paths seeded from the image) made group-0 writable
 * before it starts. Against the real engine, with a service that writes to both.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const WRITER = `services:
  writer:
    build: ./writer
    user: "1001:0"
    command:
      - sh
      - -ec
      - |
        echo "written by $$(id -u):$$(id -g)" > /data/note
        echo more >> /app/cache/seed.txt
        echo new > /app/cache/new.txt
        exec sleep 3600
    volumes:
      - data:/data
    stop_signal: SIGKILL
    x-testbed:
      arbitrary_uid: true
      writable_paths: [/app/cache]
x-testbed:
  jobs:
    touch-from-run:
      run: writer
      command: ["sh", "-c", "id -u; echo job >> /data/note"]
      when: manual
volumes:
  data: {}
`;

const PLAIN = `services:
  plain:
    image: busybox:latest
    user: "1001:0"
    command: ["sh", "-c", "echo x > /data/note && exec sleep 3600"]
    volumes:
      - plain:/data
    stop_signal: SIGKILL
volumes:
  plain: {}
`;

const DOCKERFILE = `FROM busybox:latest
RUN mkdir -p /app/cache /data && echo "from the image" > /app/cache/seed.txt && chmod 755 /app/cache /data && chmod 644 /app/cache/seed.txt
`;

describe.skipIf(skipWithoutEngine)('arbitrary UID on Docker', () => {
  let p: TempProject;
  let plain: TempProject;
  beforeAll(async () => {
    p = await tempProject('auid', WRITER);
    await p.write('writer/Dockerfile', DOCKERFILE);
    plain = await tempProject('auidp', PLAIN);
  });
  afterAll(async () => {
    await p?.cleanup();
    await plain?.cleanup();
  });

  const exec = async (set: string, service: string, cmd: string) => {
    const res = await p.cli(['exec', '-T', set, service, '--', 'sh', '-c', cmd]);
    expect(res.code, res.stderr).toBe(0);
    return res.stdout.trim();
  };

  it('a non-root user:uid:0 cannot write a new named volume, as before', async () => {
    const res = await plain.cli(['up', 'one']);
    expect(res.code).toBe(24);
    expect(res.stderr).toMatch(/Permission denied|can't create/);
  });

  it('runs the service as a random uid of the set with group 0, writing its volume and its writable path', async () => {
    const res = await p.cli(['up', 'one']);
    expect(res.code, res.stderr).toBe(0);
    const uid = Number((await readFile(join(p.stateDir, p.name, 'one', 'arbitrary-uid'), 'utf8')).trim());
    expect(uid).toBeGreaterThanOrEqual(1_000_000_000);
    expect(await exec('one', 'writer', 'cat /data/note')).toBe(`written by ${uid}:0`);
    // Seeded from the image, and writable: the image's file with a line added.
    expect(await exec('one', 'writer', 'cat /app/cache/seed.txt')).toBe('from the image\nmore');
    expect(await exec('one', 'writer', 'cat /app/cache/new.txt')).toBe('new');
    // No capabilities left (the bounding set is empty), as the Kubernetes render asks.
    expect(await exec('one', 'writer', 'grep CapBnd /proc/self/status')).toMatch(/CapBnd:\s+0+$/);
  }, 180_000);

  it('keeps the uid across destroy and up, and its data stays writable', async () => {
    const before = (await readFile(join(p.stateDir, p.name, 'one', 'arbitrary-uid'), 'utf8')).trim();
    expect((await p.cli(['destroy', 'one'])).code).toBe(0);
    const res = await p.cli(['up', 'one']);
    expect(res.code, res.stderr).toBe(0);
    expect(await exec('one', 'writer', 'id -u')).toBe(before);
    // The writable path is scratch space like an emptyDir: from the image again after a recreate.
    expect(await exec('one', 'writer', 'cat /app/cache/seed.txt')).toBe('from the image\nmore');
  }, 180_000);

  it('a job run in a new container of the service runs as the same uid', async () => {
    const uid = (await readFile(join(p.stateDir, p.name, 'one', 'arbitrary-uid'), 'utf8')).trim();
    const res = await p.cli(['run', 'one', 'touch-from-run']);
    expect(res.code, res.stderr).toBe(0);
    expect(await exec('one', 'writer', 'tail -n 1 /data/note')).toBe('job');
    expect(await exec('one', 'writer', 'id -u')).toBe(uid);
  }, 120_000);

  it('another set gets a uid of its own', async () => {
    const res = await p.cli(['up', 'two']);
    expect(res.code, res.stderr).toBe(0);
    const one = (await readFile(join(p.stateDir, p.name, 'one', 'arbitrary-uid'), 'utf8')).trim();
    const two = (await readFile(join(p.stateDir, p.name, 'two', 'arbitrary-uid'), 'utf8')).trim();
    expect(two).not.toBe(one);
    expect(await exec('two', 'writer', 'id -u')).toBe(two);
  }, 180_000);
});
