/**
 * Issue #16's proof for seed 001, run by CI: examples/marketplace comes up with a small catalogue,
 * its own tests pass, a search finds the seeded services, a purchase is kept, the development
 * override serves an edited file without a rebuild, and a set made from a snapshot of the seeded
 * one has the data. Driven through the CLI, as a user runs it, in a copy of the example (the test
 * edits the apps' code) under a project name of its own, so that it removes exactly the images
 * it built.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine, uniqueName } from '../../support/engine.js';
import { httpGet } from '../../support/project.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'marketplace');
const MINUTES = 60_000;
const ROWS = 2000;

interface ServiceStatus {
  service: string;
  state: string;
  health?: string;
  image: string;
  ports: { host: string; container: string }[];
}

describe.skipIf(skipWithoutEngine)('examples/marketplace', () => {
  let dir: string;
  const project = uniqueName('mkt');
  const seeded = 'mp';
  const copy = 'mpcopy';
  const snapshot = 'seeded';

  /** testbed in the copy of the example: compose.yaml and compose.override.yaml, as a developer's `up`. */
  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin', 'testbed.js'), '-p', project, ...args],
        { cwd: dir, env: { ...process.env, TESTBED_STATE_DIR: join(dir, '.state'), NO_COLOR: '1' }, timeout: 20 * MINUTES, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });

  const status = async (set: string): Promise<ServiceStatus[]> => JSON.parse((await cli(['status', set, '--json'])).stdout).services;
  const webUrl = async (set: string, path: string) => {
    const web = (await status(set)).find((s) => s.service === 'web')!;
    return `http://${web.ports.find((p) => p.container === '80/tcp')!.host}${path}`;
  };
  const psql = async (set: string, sql: string) => {
    const res = await cli(['exec', set, 'db', '--', 'psql', '--no-psqlrc', '-tA', '-d', 'marketplace', '-c', sql]);
    expect(res.code, res.stderr).toBe(0);
    return res.stdout.trim();
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'testbed-mkt-'));
    await cp(EXAMPLE, dir, { recursive: true });
  });

  afterAll(async () => {
    await cli(['remove', copy]);
    await cli(['snapshot', 'rm', snapshot]);
    // Last, with the images built for this project, once no other set of it runs them.
    await cli(['remove', seeded, '--images']);
    await rm(dir, { recursive: true, force: true });
  }, 10 * MINUTES);

  it('comes up healthy with a small catalogue, seeded and indexed', async () => {
    const up = await cli(['up', seeded, '--set-value', `catalogue_rows=${ROWS}`, '--timeout', '10m']);
    expect(up.code, up.stderr.slice(-4000)).toBe(0);
    expect((await status(seeded)).map((s) => [s.service, s.state, s.health ?? '-'])).toEqual([
      ['api', 'running', 'healthy'],
      ['buyer', 'running', 'healthy'],
      ['db', 'running', 'healthy'],
      ['redis', 'running', 'healthy'],
      ['supplier', 'running', 'healthy'],
      ['web', 'running', 'healthy'],
    ]);
    expect(await psql(seeded, 'SELECT count(*) FROM services')).toBe(String(ROWS));
    expect(await psql(seeded, 'SELECT count(*) FROM search_index')).toBe(String(ROWS));
  }, 30 * MINUTES);

  it('passes its own tests: front ends, searches, purchases through the API and the buyers\' site', async () => {
    const res = await cli(['test', seeded, '--json']);
    expect(res.code, res.stdout.slice(-4000) + res.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.summary).toMatchObject({ failed: 0, skipped: 0 });
    expect(report.results.map((r: { test: string }) => r.test).sort()).toEqual([
      'api-health',
      'buyer-home',
      'catalogue-seeded',
      'purchase-through-api',
      'purchase-through-buyer',
      'search-api',
      'search-page',
      'search-phrase-in-lot',
      'supplier-sign-in',
    ]);
  }, 10 * MINUTES);

  it('a search from the host finds seeded services, and a purchase through the API is kept', async () => {
    const found = JSON.parse((await httpGet(await webUrl(seeded, '/api/services/search?q=payroll'))).body);
    expect(found.total).toBeGreaterThan(0);
    expect(found.results[0].title).toMatch(/Payroll/);

    const service = found.results[0];
    const res = await fetch(await webUrl(seeded, '/api/orders'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ service_id: service.id, quantity: 4, buyer_email: 'it@example.gov.uk' }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(201);
    const order = (await res.json()) as { id: number; total: string };
    expect(Number(order.total)).toBeCloseTo(Number(service.price) * 4, 2);
    const back = JSON.parse((await httpGet(await webUrl(seeded, `/api/orders/${order.id}`))).body);
    expect(back).toMatchObject({ id: order.id, service_id: service.id, quantity: 4, status: 'placed', buyer_email: 'it@example.gov.uk' });
  });

  it('a set made from a snapshot of the seeded one has its catalogue, index and orders', async () => {
    const taken = await cli(['snapshot', seeded, snapshot]);
    expect(taken.code, taken.stderr.slice(-4000)).toBe(0);
    const up = await cli(['up', copy, '--from', snapshot, '--timeout', '5m']);
    expect(up.code, up.stderr.slice(-4000)).toBe(0);
    // The seed and index jobs were done in the snapshot: not run again.
    expect(up.stderr).not.toMatch(/job seed running|job index running/);

    expect(await psql(copy, 'SELECT count(*) FROM services')).toBe(String(ROWS));
    expect(await psql(copy, "SELECT count(*) FROM orders WHERE buyer_email = 'it@example.gov.uk'")).toBe('1');
    const found = JSON.parse((await httpGet(await webUrl(copy, '/api/services/search?q=payroll'))).body);
    expect(found.total).toBeGreaterThan(0);

    const res = await cli(['test', copy, 'catalogue-seeded', 'search-page', 'purchase-through-buyer', '--json']);
    expect(res.code, res.stdout.slice(-4000) + res.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(res.stdout).summary.passed).toBe(3);
  }, 15 * MINUTES);

  it('the development override serves edited code and templates without a rebuild', async () => {
    const imagesBefore = (await status(seeded)).map((s) => s.image);
    const template = join(dir, 'apps', 'buyer', 'templates', 'home.html');
    const api = join(dir, 'apps', 'api', 'app.py');
    await writeFile(template, (await readFile(template, 'utf8')).replace('<h1>Find cloud', '<h1>Edited: find cloud'));
    await writeFile(api, (await readFile(api, 'utf8')).replace('return "ok\\n", 200', 'return "ok, edited\\n", 200'));

    // Templates are read again on the next request; gunicorn reloads a worker within a second or two.
    const until = async (path: string, text: string) => {
      for (let i = 0; i < 60; i++) {
        const res = await httpGet(await webUrl(seeded, path)).catch(() => undefined);
        if (res?.body.includes(text)) return true;
        await new Promise((r) => setTimeout(r, 500));
      }
      return false;
    };
    expect(await until('/', 'Edited: find cloud')).toBe(true);
    expect(await until('/api/health', 'ok, edited')).toBe(true);
    expect((await status(seeded)).map((s) => s.image)).toEqual(imagesBefore);
  }, 2 * MINUTES);
});
