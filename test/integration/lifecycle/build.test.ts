/**
 * Built services: images are tagged by a hash of their sources, so an unchanged service is
 * never rebuilt, a changed file rebuilds, .dockerignore is honoured, and remove --images cleans up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../../src/lifecycle/events.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const COMPOSE = `
services:
  app:
    build:
      context: ./app
      args:
        FLAVOUR: plain
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
`;

const DOCKERFILE = `FROM busybox:latest
ARG FLAVOUR
COPY . /app
RUN echo "$FLAVOUR" > /app/flavour
`;

describe.skipIf(skipWithoutEngine)('services with a build section', () => {
  let p: TempProject;
  beforeAll(async () => {
    p = await tempProject('build', COMPOSE);
    await p.write('app/Dockerfile', DOCKERFILE);
    await p.write('app/kept.txt', 'kept\n');
    await p.write('app/secret.env', 'IGNORED=1\n');
    await p.write('app/.dockerignore', 'secret.env\n');
  });
  afterAll(() => p.cleanup());

  const actions = (events: LifecycleEvent[]) =>
    events.filter((e): e is Extract<LifecycleEvent, { kind: 'image' }> => e.kind === 'image').map((e) => e.action);

  it('builds once, honours .dockerignore and build args', async () => {
    const set = await p.set('b1');
    const events: LifecycleEvent[] = [];
    await set.up({ events: (e) => events.push(e) });
    expect(actions(events)).toEqual(['building', 'built']);
    const ls = await set.exec('app', ['ls', '/app']);
    expect(ls.stdout).toContain('kept.txt');
    expect(ls.stdout).not.toContain('secret.env');
    expect((await set.exec('app', ['cat', '/app/flavour'])).stdout.trim()).toBe('plain');
  });

  it('does not rebuild unchanged sources, even for another set', async () => {
    const events: LifecycleEvent[] = [];
    await (await p.set('b2')).up({ events: (e) => events.push(e) });
    expect(actions(events)).toEqual(['cached']);
  });

  it('an ignored file changing does not rebuild; a kept file changing does', async () => {
    await p.write('app/secret.env', 'IGNORED=2\n');
    let events: LifecycleEvent[] = [];
    await (await p.set('b1')).build({ events: (e) => events.push(e) });
    expect(actions(events)).toEqual(['cached']);
    await p.write('app/kept.txt', 'changed\n');
    events = [];
    await (await p.set('b1')).build({ events: (e) => events.push(e) });
    expect(actions(events)).toEqual(['building', 'built']);
  });

  it('a failing build is exit 5 with the failing step', async () => {
    await p.write('app/Dockerfile', DOCKERFILE + 'RUN echo about to fail && false\n');
    const res = await p.cli(['build', 'b1']);
    expect(res.code).toBe(5);
    expect(res.stderr).toMatch(/about to fail|false/);
    await p.write('app/Dockerfile', DOCKERFILE);
  });

  it('remove --images removes the project\'s built images once no set uses them', async () => {
    const tb = await p.open();
    const before = await tb.engine.listImages({ 'dev.testbed.project': p.name });
    expect(before.length).toBeGreaterThan(0);
    await (await p.set('b2')).remove({ images: true });
    const res = await p.cli(['remove', 'b1', '--images']);
    expect(res.code).toBe(0);
    expect(await tb.engine.listImages({ 'dev.testbed.project': p.name })).toEqual([]);
  });
});

describe.skipIf(skipWithoutEngine)('services with the same build', () => {
  let p: TempProject;
  beforeAll(async () => {
    p = await tempProject('shared', `
services:
  primary:
    build: ./db
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
  replica:
    build: { context: ./db }
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
  other:
    build: { context: ./db, args: { FLAVOUR: other } }
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
`);
    await p.write('db/Dockerfile', DOCKERFILE);
  });
  afterAll(() => p.cleanup());

  it('are built once and run the same image, each under its own tag', async () => {
    const set = await p.set('s1');
    const events: LifecycleEvent[] = [];
    await set.up({ events: (e) => events.push(e) });
    const image = events.filter((e): e is Extract<LifecycleEvent, { kind: 'image' }> => e.kind === 'image');
    expect(image.filter((e) => e.action === 'building').map((e) => e.service).sort()).toEqual(['other', 'primary']);
    expect(image.filter((e) => e.action === 'shared').map((e) => [e.service, 'from' in e ? e.from : ''])).toEqual([['replica', 'primary']]);

    const engine = (await p.open()).engine;
    const built = await engine.listImages({ 'dev.testbed.project': p.name });
    expect(built).toHaveLength(2);
    const status = await set.status();
    const imageId = async (service: string) => (await engine.inspectImage(status.find((r) => r.service === service)!.image))!.id;
    expect(await imageId('replica')).toBe(await imageId('primary'));
    expect(await imageId('other')).not.toBe(await imageId('primary'));
    expect((await set.exec('replica', ['cat', '/app/flavour'])).stdout.trim()).toBe('');
    expect((await set.exec('other', ['cat', '/app/flavour'])).stdout.trim()).toBe('other');
  });

  it('a later up finds the shared image without building', async () => {
    const events: LifecycleEvent[] = [];
    await (await p.set('s2')).up({ events: (e) => events.push(e) });
    const actions = events.filter((e) => e.kind === 'image').map((e) => (e as { action: string }).action);
    expect(actions).not.toContain('building');
  });

  it('up of some services leaves the others alone, built or not', async () => {
    const res = await p.cli(['up', 's3', 'other']);
    expect(res.code, res.stderr).toBe(0);
    const status = await (await p.set('s3')).status();
    expect(status.filter((r) => r.state !== 'missing').map((r) => r.service)).toEqual(['other']);
  });
});
