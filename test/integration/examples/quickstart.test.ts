/**
 * The README's quick start: examples/quickstart comes up healthy, serves its API through
 * nginx from the set's own address, and a second set runs beside it with its own data
 * and its own generated database password.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Testbed } from '../../../src/api/testbed.js';
import type { TestbedSet } from '../../../src/api/testbed-set.js';
import { skipWithoutEngine, uniqueName } from '../../support/engine.js';
import { httpGet } from '../../support/project.js';

const FILE = join(import.meta.dirname, '..', '..', '..', 'examples', 'quickstart', 'compose.yaml');

describe.skipIf(skipWithoutEngine)('examples/quickstart', () => {
  let stateDir: string;
  let tb: Testbed;
  const sets = [uniqueName('qs'), uniqueName('qs2')];

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'testbed-qs-'));
    tb = await Testbed.open({ files: [FILE], stateDir });
    await Promise.all(sets.map(async (name) => (await tb.set(name)).up({ timeoutMs: 300_000 })));
  }, 900_000);

  afterAll(async () => {
    for (const name of sets) await (await tb.set(name)).remove().catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  });

  it('every service is running and healthy', async () => {
    for (const name of sets) {
      const status = await (await tb.set(name)).status();
      expect(status.map((s) => [s.service, s.state, s.health])).toEqual([
        ['app', 'running', 'healthy'],
        ['db', 'running', 'healthy'],
        ['web', 'running', 'healthy'],
      ]);
    }
  });

  it('serves the notes API through nginx, with data kept per set', async () => {
    const [one, two] = await Promise.all(sets.map((n) => tb.set(n)));
    const url = await one!.url('web', 80, '/api/notes');
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'only in one' }) });
    expect(res.status).toBeLessThan(300);
    expect((await httpGet(url)).body).toContain('only in one');
    expect((await httpGet(await two!.url('web', 80, '/api/notes'))).body).not.toContain('only in one');
  });

  it('gives each set its own generated database password', async () => {
    const [one, two] = await Promise.all(sets.map(async (n) => (await tb.set(n)).secrets({ reveal: true })));
    const pw = (s: Awaited<ReturnType<TestbedSet["secrets"]>>) => s.find((x) => x.name === 'db_password')!.value;
    expect(pw(one!)).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(pw(one!)).not.toBe(pw(two!));
  });
});
