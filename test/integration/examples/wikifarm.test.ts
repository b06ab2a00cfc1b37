/**
 * Issue #6's proof, run by CI: the wikifarm example comes up healthy with both profiles, its
 * own tests pass, and a snapshot of the seeded farm starts a second farm with the same pages,
 * which `test --sets` finds the same as the first (issue #12).
 * Driven through the CLI, as a user runs it. Image builds come from the engine's cache after
 * the first run on a machine (the first one takes several minutes on 2 cores).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine, uniqueName } from '../../support/engine.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FILE = join(ROOT, 'examples', 'wikifarm', 'compose.yaml');
const MINUTES = 60_000;

describe.skipIf(skipWithoutEngine)('examples/wikifarm', () => {
  let stateDir: string;
  const farm = uniqueName('wf');
  const copy = uniqueName('wfc');
  const snapshot = uniqueName('seeded');

  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin', 'testbed.js'), '-f', FILE, '--profile', 'replica', '--profile', 'dumpsweb', ...args],
        { env: { ...process.env, TESTBED_STATE_DIR: stateDir, NO_COLOR: '1' }, timeout: 30 * MINUTES, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'testbed-wf-'));
  });

  afterAll(async () => {
    for (const set of [farm, copy]) await cli(['remove', set]);
    await cli(['snapshot', 'rm', snapshot]);
    await rm(stateDir, { recursive: true, force: true });
  }, 10 * MINUTES);

  it('comes up healthy with the replica and the dumps web server', async () => {
    const up = await cli(['up', farm, '--timeout', '10m']);
    expect(up.code, up.stderr.slice(-4000)).toBe(0);
    const status = JSON.parse((await cli(['status', farm, '--json'])).stdout);
    const rows = status.services.map((s: { service: string; state: string; health?: string }) => [s.service, s.state, s.health ?? '-']);
    expect(rows).toEqual([
      ['db', 'running', 'healthy'],
      ['dumpsweb', 'running', 'healthy'],
      ['phpfpm', 'running', 'healthy'],
      ['replica', 'running', 'healthy'],
      ['snapshot', 'running', 'healthy'],
      ['web', 'running', 'healthy'],
    ]);
  }, 40 * MINUTES);

  it('passes its own tests', async () => {
    const res = await cli(['test', farm, '--json']);
    expect(res.code, res.stdout.slice(-4000) + res.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.passed).toBeGreaterThanOrEqual(16);
  }, 15 * MINUTES);

  it('a snapshot of the seeded farm starts a second farm with the same pages, which compares the same as the first', async () => {
    const taken = await cli(['snapshot', farm, snapshot]);
    expect(taken.code, taken.stderr.slice(-4000)).toBe(0);
    const up = await cli(['up', copy, '--from', snapshot, '--verify', '--timeout', '10m']);
    expect(up.code, up.stderr.slice(-4000)).toBe(0);
    // The page-count dump test reads every page of a wiki back from the copy's database; both
    // farms run the tests, and their outputs (set names, addresses, times aside) are the same.
    const tests = ['dump-elwikivoyage', 'elwikivoyage-greek-article', 'en-greek-article', 'farm-front-page'];
    const res = await cli(['test', '--sets', `${farm},${copy}`, ...tests, '--json']);
    expect(res.code, res.stdout.slice(-4000) + res.stderr.slice(-2000)).toBe(0);
    const comparison = JSON.parse(res.stdout) as { reports: { summary: { passed: number } }[]; tests: { test: string; same: boolean; differences: { diff: string }[] }[] };
    expect(comparison.reports.map((r) => r.summary.passed)).toEqual([4, 4]);
    const differing = comparison.tests.filter((t) => !t.same).map((t) => `${t.test}:\n${t.differences.map((d) => d.diff).join('\n')}`);
    expect(differing.join('\n').slice(0, 4000)).toBe('');
  }, 40 * MINUTES);
});
