/**
 * `testbed ui` in a real browser against the real engine: a user opens the URL it printed, sees
 * a set's services turn healthy live, opens a service's link, follows its logs, runs its tests
 * and sees one fail, compares two sets, takes a snapshot and starts a set from it. Requests
 * without the token, or from another site or host name, are refused. Screenshots of the main
 * pages go to test-artifacts/ui/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, browserAvailable } from '../../support/browser.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { httpGet, tempProject, type TempProject } from '../../support/project.js';
import { removeSnapshots } from '../../support/snapshots.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'ui');

const COMPOSE = `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo Welcome > /www/index.html && echo web is serving && exec httpd -f -vv -p 80 -h /www"]
    ports: ["8080:80"]
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1/"]
      interval: 1s
      retries: 30
x-testbed:
  values: { greeting: hello }
  secrets:
    api_key: { generate: { length: 24 } }
  tests:
    page:
      description: the front page serves
      http: { service: web, port: 80, path: /, status: 200, body: Welcome }
    greeting:
      description: says the set's greeting
      service: web
      command: echo "{{ values.greeting }} from the web"
    broken:
      description: always fails
      service: web
      command: ["sh", "-c", "echo the disk is full >&2; exit 4"]
`;

/** A raw request with any Host and Origin (fetch will not send a foreign Host). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(skipWithoutEngine || !browserAvailable)('the dashboard (testbed ui) in a browser', () => {
  let p: TempProject;
  let ui: ChildProcess;
  let url: string;
  let port: number;
  let token: string;
  let browser: Browser;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    p = await tempProject('ui', COMPOSE);
    const [alpha, beta] = await Promise.all([p.cli(['create', 'alpha']), p.cli(['up', 'beta', '--set-value', 'greeting=bonjour'])]);
    expect(alpha.code, alpha.stderr).toBe(0);
    expect(beta.code, beta.stderr).toBe(0);
    ui = spawn(process.execPath, [join(ROOT, 'bin', 'testbed.js'), 'ui'], {
      cwd: p.dir,
      env: { ...process.env, TESTBED_STATE_DIR: p.stateDir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      ui.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      ui.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      ui.on('exit', (code) => reject(new Error(`testbed ui exited (${code}): ${err}`)));
      setTimeout(() => reject(new Error(`testbed ui printed no URL in 60 s: ${out} ${err}`)), 60_000).unref();
    });
    port = Number(new URL(url).port);
    token = new URL(url).searchParams.get('token')!;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (d) => void d.accept());
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (ui && ui.exitCode === null) {
      ui.kill('SIGINT');
      await new Promise((r) => ui.once('exit', r));
    }
    await p?.cleanup();
    if (p) await removeSnapshots(p.name);
  }, 240_000);

  it('lists the sets, and a set started from it turns healthy live', async () => {
    await page.goto(url);
    // The token left the address bar for a cookie.
    expect(page.url()).not.toContain('token');
    // Every set on the engine is listed (other tests' too, some also named alpha): this project's row.
    const alphaRow = page.getByRole('row').filter({ hasText: p.name }).filter({ has: page.getByRole('link', { name: 'alpha', exact: true }) });
    await expect.poll(() => alphaRow.count(), { timeout: 30_000 }).toBe(1);
    await shot('sets');
    await alphaRow.getByRole('link', { name: 'alpha', exact: true }).click();
    await page.getByRole('heading', { name: /Set alpha/ }).waitFor();
    await page.getByRole('button', { name: 'Start' }).click();
    const web = page.locator('tr[data-service="web"]');
    await web.locator('.health-healthy').waitFor({ timeout: 90_000 });
    expect(await web.textContent()).toContain('running');
    await shot('set');
  });

  it('keeps a secret masked until it is revealed, and never puts it in the URL', async () => {
    const row = page.getByRole('row').filter({ hasText: 'api_key' });
    await row.waitFor();
    const masked = (await row.locator('code').textContent()) ?? '';
    expect(masked).toMatch(/^\*+$/);
    await row.getByRole('button', { name: 'Reveal api_key' }).click();
    await row.getByRole('button', { name: 'Hide' }).waitFor();
    const shown = (await row.locator('code').textContent()) ?? '';
    const stored = JSON.parse((await p.cli(['secrets', 'alpha', '--reveal', '--json'])).stdout) as { name: string; value: string }[];
    expect(shown).toBe(stored.find((x) => x.name === 'api_key')!.value);
    expect(shown).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(page.url()).not.toContain(shown);
    await row.getByRole('button', { name: 'Hide' }).click();
  });

  it('shows a change made outside the page as it happens (engine events, no reload)', async () => {
    await page.goto(`http://127.0.0.1:${port}/#/set/${p.name}/beta`);
    const web = page.locator('tr[data-service="web"]');
    await web.locator('.health-healthy').waitFor({ timeout: 30_000 });
    const stop = await p.cli(['stop', 'beta']);
    expect(stop.code, stop.stderr).toBe(0);
    await web.locator('.state-exited').waitFor({ timeout: 30_000 });
    const start = await p.cli(['start', 'beta']);
    expect(start.code, start.stderr).toBe(0);
    await web.locator('.health-healthy').waitFor({ timeout: 60_000 });
    await page.goto(`http://127.0.0.1:${port}/#/set/${p.name}/alpha`);
    await page.locator('tr[data-service="web"] .health-healthy').waitFor({ timeout: 30_000 });
  });

  it('opens a service by its published port', async () => {
    const link = page.locator('tr[data-service="web"] a').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^http:\/\/127\.\d+\.\d+\.\d+:8080\/$/);
    const [popup] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await popup.waitForLoadState();
    expect(await popup.textContent('body')).toContain('Welcome');
    await popup.close();
  });

  it('follows the logs of a service, and finds a line by search', async () => {
    await page.getByRole('link', { name: 'Logs' }).click();
    const logs = page.getByLabel('log lines');
    await expect.poll(() => logs.textContent(), { timeout: 30_000 }).toContain('web is serving');
    await page.getByLabel('Service').selectOption('web');
    // A request now shows up while the page follows.
    const marker = `/followed-${Date.now()}`;
    const address = (await p.cli(['status', 'alpha', '--json'])).stdout;
    const host = (JSON.parse(address) as { services: { ports: { host: string }[] }[] }).services[0]!.ports[0]!.host;
    await expect.poll(async () => {
      await httpGet(`http://${host}${marker}`);
      return logs.textContent();
    }, { timeout: 30_000 }).toContain(marker);
    // Download: the same lines as a file, through the page's own cookie.
    const download = await page.request.get(`http://127.0.0.1:${port}${await page.getByRole('link', { name: 'Download' }).getAttribute('href')}`);
    expect(download.headers()['content-disposition']).toContain('attachment');
    expect(await download.text()).toContain(marker);
    await page.getByLabel('Search').fill(marker);
    await expect.poll(() => logs.textContent()).not.toContain('web is serving');
    await shot('logs');
  });

  it('runs the tests: one fails, with its reason and output', async () => {
    await page.getByRole('link', { name: 'Tests' }).click();
    await page.getByRole('button', { name: 'Run all tests' }).click();
    const results = page.getByRole('region', { name: 'results', exact: true });
    await results.waitFor({ timeout: 90_000 });
    expect(await results.getByRole('heading').first().textContent()).toBe('Results: 2 passed, 1 failed, 0 skipped');
    const text = (await results.textContent()) ?? '';
    expect(text).toMatch(/failed\s*broken/);
    expect(text).toContain('the disk is full');
    expect(text).toMatch(/exit(ed)? (code )?.*4/i);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await shot('tests');
  });

  it('compares two sets side by side, with the difference in their outputs', async () => {
    await page.getByRole('link', { name: 'Compare', exact: true }).click();
    await page.getByLabel('Project').selectOption(p.name);
    await page.getByLabel('First set').selectOption('alpha');
    await page.getByLabel('Second set').selectOption('beta');
    await page.getByRole('button', { name: 'Compare' }).click();
    const comparison = page.getByRole('region', { name: 'comparison', exact: true });
    await comparison.waitFor({ timeout: 120_000 });
    const text = (await comparison.textContent()) ?? '';
    expect(text).toContain('greeting');
    expect(text).toContain('bonjour from the web');
    expect(text).toContain('hello from the web');
    await shot('compare');
  });

  it('takes a snapshot of a set and starts a new set from it', async () => {
    await page.goto(`http://127.0.0.1:${port}/#/set/${p.name}/alpha`);
    await page.getByLabel('Snapshot name').fill('seeded');
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    await page.getByRole('heading', { name: /snapshot alpha seeded: done/ }).waitFor({ timeout: 120_000 });
    await page.getByRole('link', { name: 'Snapshots' }).click();
    const row = page.getByRole('row').filter({ hasText: 'seeded' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/[0-9a-f]{12}/);
    await row.getByLabel('New set name').fill('gamma');
    await row.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: /up gamma --from seeded: done/ }).waitFor({ timeout: 120_000 });
    await shot('snapshots');
    await page.getByRole('link', { name: 'Open set gamma' }).click();
    await page.locator('tr[data-service="web"] .health-healthy').waitFor({ timeout: 60_000 });
    expect(await page.textContent('main')).toContain('from snapshot seeded');
  });

  it('refuses a request without the token, from another site, or to another host name', async () => {
    const origin = `http://127.0.0.1:${port}`;
    expect((await fetch(`${origin}/api/sets`)).status).toBe(401);
    expect((await fetch(`${origin}/api/events`)).status).toBe(401);
    expect((await fetch(`${origin}/?token=wrong`)).status).toBe(401);
    const cookie = `testbed_ui=${token}`;
    expect(await rawGet(port, '/api/sets', { Cookie: cookie })).toBe(200);
    expect(await rawGet(port, '/api/events', { Cookie: cookie, Origin: 'http://evil.example' })).toBe(403);
    // DNS rebinding: another name that resolves to 127.0.0.1.
    expect(await rawGet(port, '/api/sets', { Cookie: cookie, Host: `evil.example:${port}` })).toBe(403);
    const res = await fetch(`${origin}/api/sets`, { headers: { Cookie: cookie } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(`${origin}/api/sets/${p.name}/alpha/stop`, { method: 'POST', headers: { Cookie: cookie, Origin: 'http://evil.example' } });
    expect(post.status).toBe(403);
  });
});
