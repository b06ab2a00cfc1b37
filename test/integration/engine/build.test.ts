import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildError, ImageNotFoundError, InterruptedError } from '../../../src/common/errors.js';
import type { BuildSpec, ContainerSpec } from '../../../src/plan/specs.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { collect, engineFixture, type EngineFixture } from './engine-fixtures.js';

async function writeContext(dir: string, files: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

describe.skipIf(skipWithoutEngine)('image builds and pulls', () => {
  let fx: EngineFixture;
  let tmp: string;

  beforeAll(async () => {
    fx = await engineFixture('eng-build');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'testbed-build-'));
  });

  afterAll(async () => {
    await fx?.cleanup();
    await rm(tmp, { recursive: true, force: true });
  });

  function buildSpec(context: string, overrides: Partial<BuildSpec> = {}): BuildSpec {
    return { tag: `testbed-test/${fx.name('img')}:1`, context, dockerfile: 'Dockerfile', args: {}, labels: fx.labels, noCache: false, ...overrides };
  }

  it('builds from a context without what .dockerignore excludes, with args and labels', async () => {
    const context = await writeContext(path.join(tmp, 'ok'), {
      'docker/app.Dockerfile': [
        'FROM busybox:latest',
        'ARG FLAVOUR=plain',
        'COPY . /ctx/',
        'RUN echo "$FLAVOUR" > /flavour',
        'ENTRYPOINT ["echo"]',
        'CMD ["default-arg"]',
      ].join('\n'),
      '.dockerignore': 'secret.txt\nlogs\n*.tmp\n!keep.tmp\ndocker\n',
      'kept.txt': 'kept\n',
      'secret.txt': 'do not send\n',
      'logs/app.log': 'noise\n',
      'drop.tmp': 'x',
      'keep.tmp': 'y',
    });
    const spec = buildSpec(context, { dockerfile: 'docker/app.Dockerfile', args: { FLAVOUR: 'spicy' } });
    const progress: string[] = [];
    await fx.engine.buildImage(spec, (p) => progress.push(p.line));
    expect(progress.some((l) => l.startsWith('Step 1/'))).toBe(true);

    const image = await fx.engine.inspectImage(spec.tag);
    expect(image?.tags).toContain(spec.tag);
    expect(image?.labels).toMatchObject(fx.labels);

    const id = await fx.engine.createContainer(fx.spec(fx.name('check'), { image: spec.tag, command: undefined, entrypoint: ['sh', '-c', 'ls -A /ctx /ctx/docker; cat /flavour'] }));
    await fx.engine.startContainer(id);
    expect(await fx.engine.waitContainer(id)).toBe(0);
    const lines = (await collect(fx.engine.logs(id, { follow: false }))).map((l) => l.line);
    // The ignored Dockerfile is sent so the engine can read it, which then drops it from the context, as with docker build.
    expect(lines).toEqual(['/ctx:', '.dockerignore', 'docker', 'keep.tmp', 'kept.txt', '', '/ctx/docker:', 'spicy']);

    // The image's ENTRYPOINT and CMD apply when the spec leaves them out; an explicit [] replaces them with nothing.
    const outputs: Record<string, string[]> = {};
    const variants: Record<string, Partial<ContainerSpec>> = {
      defaults: { command: undefined },
      emptyCommand: { command: [] },
      emptyEntrypoint: { entrypoint: [], command: ['echo', 'own command'] },
    };
    for (const [variant, overrides] of Object.entries(variants)) {
      const c = await fx.engine.createContainer(fx.spec(fx.name(variant.toLowerCase()), { image: spec.tag, ...overrides }));
      await fx.engine.startContainer(c);
      await fx.engine.waitContainer(c);
      outputs[variant] = (await collect(fx.engine.logs(c, { follow: false }))).map((l) => l.line);
    }
    expect(outputs).toEqual({ defaults: ['default-arg'], emptyCommand: [''], emptyEntrypoint: ['own command'] });
  });

  it('a failing step is a BuildError that names the step and shows the last output', async () => {
    const context = await writeContext(path.join(tmp, 'broken'), {
      Dockerfile: 'FROM busybox:latest\nRUN echo "about to fail" && exit 3\n',
    });
    const spec = buildSpec(context, { noCache: true });
    const err = await fx.engine.buildImage(spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildError);
    const buildError = err as BuildError;
    expect(buildError.details?.step).toMatch(/^Step 2\/\d+ : RUN echo "about to fail" && exit 3/);
    expect(buildError.details?.output).toContain('about to fail');
    expect(buildError.message).toContain('returned a non-zero code: 3');
    expect(await fx.engine.inspectImage(spec.tag)).toBeUndefined();
  });

  it('a missing Dockerfile is a BuildError that says where it was looked for', async () => {
    const context = await writeContext(path.join(tmp, 'empty'), { 'README.md': 'nothing to build\n' });
    await expect(fx.engine.buildImage(buildSpec(context))).rejects.toMatchObject({
      code: 'BUILD_FAILED',
      message: expect.stringContaining(`no Dockerfile in ${context}`),
    });
  });

  it('an aborted build stops promptly', async () => {
    const context = await writeContext(path.join(tmp, 'slow'), { Dockerfile: 'FROM busybox:latest\nRUN sleep 30\n' });
    const controller = new AbortController();
    const started = Date.now();
    const build = fx.engine.buildImage(buildSpec(context, { noCache: true }), (p) => {
      if (p.line.startsWith('Step 2/')) setTimeout(() => controller.abort(), 200);
    }, controller.signal);
    await expect(build).rejects.toBeInstanceOf(InterruptedError);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a container from a missing image, and a pull without a registry, are ImageNotFoundError', async () => {
    const image = 'testbed-test/no-such-image:1';
    await expect(fx.engine.createContainer(fx.spec(fx.name('ghost'), { image }))).rejects.toBeInstanceOf(ImageNotFoundError);
    const pulled = await fx.engine.pullImage(image).catch((e: unknown) => e);
    expect(pulled).toBeInstanceOf(ImageNotFoundError);
    expect((pulled as ImageNotFoundError).message).toContain(image);
    expect(await fx.engine.inspectImage(image)).toBeUndefined();
  });
});
