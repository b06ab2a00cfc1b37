/**
 * examples/shared-base: two projects built from one base file (`extends: {file}`) and one
 * included project (`include`). Each comes up, serves its own pages and the shared status
 * page, from its own set address.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Testbed } from '../../../src/api/testbed.js';
import { skipWithoutEngine, uniqueName } from '../../support/engine.js';
import { httpGet } from '../../support/project.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'shared-base');

describe.skipIf(skipWithoutEngine)('examples/shared-base', () => {
  let stateDir: string;
  const set = uniqueName('sb');
  const projects: Record<string, Testbed> = {};

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'testbed-sb-'));
    for (const name of ['shop', 'blog']) {
      projects[name] = await Testbed.open({ files: [join(EXAMPLE, name, 'compose.yaml')], stateDir });
      await (await projects[name].set(set)).up({ timeoutMs: 60_000 });
    }
  }, 180_000);

  afterAll(async () => {
    for (const tb of Object.values(projects)) await (await tb.set(set)).remove().catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  });

  it('serves each project\'s own pages from the web service it extends from the shared base', async () => {
    for (const name of ['shop', 'blog']) {
      const tb = await projects[name]!.set(set);
      expect((await httpGet(await tb.url('web', 80, '/'))).body).toContain(`the ${name}`);
    }
  });

  it('runs the included status service in both, healthy, with the included file\'s own pages', async () => {
    for (const name of ['shop', 'blog']) {
      const tb = await projects[name]!.set(set);
      const status = await tb.status();
      expect(status.map((s) => [s.service, s.state, s.health])).toEqual([
        ['status', 'running', 'healthy'],
        ['web', 'running', 'healthy'],
      ]);
      const page = await tb.exec('status', ['wget', '-q', '-O', '-', 'http://127.0.0.1/']);
      expect(page.stdout).toContain('all systems normal');
    }
  });
});
