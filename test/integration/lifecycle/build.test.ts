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
