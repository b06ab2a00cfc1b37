/**
 * `testbed ui` in a real browser against the real engine: a user opens the URL it printed, sees
 * a set's services turn healthy live, opens a service's link, follows its logs, runs its tests
 * and sees one fail, compares two sets, takes a snapshot and starts a set from it, then resets,
 * destroys, brings up and removes that set with the page's buttons (each confirmed, or
 * cancelled), and drives the set page with the keyboard alone. The dashboard runs in a directory
 * that is not the project's: sets are loaded with the files they were made with. Requests
 * without the token, or from another site or host name, are refused. Screenshots of the main
 * pages go to test-artifacts/ui/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Testbed } from '../../../src/api/testbed.js';
import { LABEL, setSelector } from '../../../src/plan/labels.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, browserAvailable } from '../../support/browser.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { httpGet, tempProject, type TempProject } from '../../support/project.js';
import { removeSnapshots } from '../../support/snapshots.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'ui');
/** axe-core, the accessibility checker, as a script to run in the page. */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const COMPOSE = `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo Welcome > /www/index.html && echo web is serving && exec httpd -f -vv -p 80 -h /www"]
    ports: ["8080:80"]
    volumes: ["data:/data"]
    # httpd as PID 1 ignores SIGTERM: without this every stop (and snapshot) waits 10 s for SIGKILL.
    stop_grace_period: 1s
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
volumes:
  data: {}
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
  /** Where `testbed ui` runs: not the project's directory. */
  let elsewhere: string;
  /** The library, to look at what the engine holds. */
  let tb: Testbed;
  /** Paths of the POSTs the page made: a cancelled confirmation makes none. */
  const posts: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const setPage = (set: string) => page.goto(`http://127.0.0.1:${port}/#/set/${p.name}/${set}`);

  /** Waits for the page's operation `title` to end, and says it ended well; returns its progress lines. */
  async function finished(title: string): Promise<string> {
    const heading = page.getByRole('heading', { name: new RegExp(`^${title}: (done|failed)$`) });
    await heading.waitFor({ timeout: 120_000 });
    const progress = (await page.getByRole('region', { name: 'progress', exact: true }).textContent()) ?? '';
    expect(await heading.textContent(), progress).toBe(`${title}: done`);
    return progress;
  }

  /** The set as the engine holds it: its service containers' states, its networks and volumes, its folder. */
  async function onEngine(set: string): Promise<{ states: string[]; networks: number; volumes: string[]; folder: boolean }> {
    const selector = setSelector(p.name, set);
    const [containers, networks, volumes] = await Promise.all([tb.engine.listContainers(selector), tb.engine.listNetworks(selector), tb.engine.listVolumes(selector)]);
    const folder = (await tb.set(set, { project: p.name, intent: 'use', needsProject: false })).context.folder;
    return {
      states: containers.filter((c) => c.labels[LABEL.run] === undefined).map((c) => c.state),
      networks: networks.length,
      volumes: volumes.map((v) => v.name).sort(),
      folder: existsSync(folder.file('set.json')),
    };
  }

  /** The focused element: its tag, its name (aria-label or text), whether its focus shows, whether it is in a dialog. */
  const focused = () =>
    page.evaluate(`(() => {
      const el = document.activeElement;
      const box = el.getBoundingClientRect();
      return {
        tag: el.tagName,
        text: (el.getAttribute('aria-label') || el.textContent || '').trim(),
        outline: getComputedStyle(el).outlineStyle,
        visible: box.width > 0 && box.right > 0 && box.bottom > 0 && box.left < innerWidth,
        inDialog: el.closest('dialog') !== null,
      };
    })()`) as Promise<{ tag: string; text: string; outline: string; visible: boolean; inDialog: boolean }>;

  /** Presses Tab (or Shift+Tab) until the element named `name` has the focus; each stop on the way shows its focus. */
  async function tabTo(name: string, direction: 'forward' | 'backward' = 'forward'): Promise<void> {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press(direction === 'forward' ? 'Tab' : 'Shift+Tab');
      const f = await focused();
      if (f.tag === 'BODY') continue;
      expect(f.outline, `the focus on ${f.tag} "${f.text}" is visible`).not.toBe('none');
      expect(f.visible, `${f.tag} "${f.text}" is on the screen`).toBe(true);
      if (f.text === name) return;
    }
    throw new Error(`${name} was not reached with the keyboard in 60 presses`);
  }

  /** Form controls of the page with no accessible name (no label, aria-label or aria-labelledby; a button without text). */
  const unlabelled = () =>
    page.evaluate(`[...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim())))
      .map((el) => el.outerHTML)`) as Promise<string[]>;

  /** The files in the web service's volume. */
  async function dataFiles(set: string): Promise<string[]> {
    const r = await (await tb.set(set, { project: p.name, intent: 'use' })).exec('web', ['ls', '/data']);
    expect(r.exitCode, r.stderr).toBe(0);
    return r.stdout.split(/\s+/).filter(Boolean).sort();
  }

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    p = await tempProject('ui', COMPOSE);
    const [alpha, beta] = await Promise.all([p.cli(['create', 'alpha']), p.cli(['up', 'beta', '--set-value', 'greeting=bonjour'])]);
    expect(alpha.code, alpha.stderr).toBe(0);
    expect(beta.code, beta.stderr).toBe(0);
    tb = await p.open();
    // Not the project's directory: the dashboard finds each set's files by what the set recorded.
    elsewhere = await mkdtemp(join(tmpdir(), 'testbed-ui-elsewhere-'));
    ui = spawn(process.execPath, [join(ROOT, 'bin', 'testbed.js'), 'ui'], {
      cwd: elsewhere,
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
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (ui && ui.exitCode === null) {
      ui.kill('SIGINT');
      await new Promise((r) => ui.once('exit', r));
    }
    await p?.cleanup();
    if (p) await removeSnapshots(p.name);
    if (elsewhere) await rm(elsewhere, { recursive: true, force: true });
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

  it('passes the WCAG 2.1 A and AA checks of axe-core on every page, colour contrast included, in the light and the dark scheme', async () => {
    const pages: [string, string, RegExp][] = [
      ['compare', `#/compare`, /^Compare two sets$/],
      ['sets', `#/`, /^Sets$/],
      ['set', `#/set/${p.name}/alpha`, /^Set alpha/],
      ['logs', `#/set/${p.name}/alpha/logs`, /^Logs of alpha$/],
      ['tests', `#/set/${p.name}/alpha/tests`, /^Tests of alpha$/],
      ['snapshots', `#/snapshots`, /^Snapshots$/],
    ];
    const found: string[] = [];
    for (const [name, hash, heading] of pages) {
      // The comparison of the test before is still on the page: checked first, as it is.
      if (!page.url().endsWith(hash)) await page.goto(`http://127.0.0.1:${port}/${hash}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      // Rows and results come with the page's first requests.
      await page.waitForLoadState('networkidle');
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        // Through the browser's debugging protocol, which the page's content policy does not govern.
        await page.evaluate(AXE);
        const { violations, passed } = await page.evaluate(async () => {
          type Rule = { id: string; help: string; nodes: { target: string[]; failureSummary?: string }[] };
          const { axe, document } = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: object): Promise<{ violations: Rule[]; passes: Rule[] }> } };
          const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
          return {
            violations: result.violations.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('; ')}`),
            passed: result.passes.map((r) => r.id),
          };
        });
        // The check ran, contrast included: each page has text whose contrast axe measured.
        expect(passed, `${name} page, ${colorScheme} scheme`).toContain('color-contrast');
        found.push(...violations.map((v) => `${name} page, ${colorScheme} scheme: ${v}`));
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(found).toEqual([]);
  });

  it('works with the keyboard alone: focus visible, actions reached with Tab and run with Space or Enter, the dialog kept and closed with Escape', async () => {
    await setPage('beta');
    // Loaded afresh, as a user who opens the page's address, with nothing focused yet.
    await page.reload();
    await page.locator('tr[data-service="web"] .health-healthy').waitFor({ timeout: 60_000 });
    // The first Tab shows the skip link; Enter moves the focus to the content, not to another page.
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: 'Skip to content', visible: true });
    await page.keyboard.press('Enter');
    expect((await focused()).tag).toBe('MAIN');
    expect(page.url()).toContain(`#/set/${p.name}/beta`);

    await tabTo('Stop');
    await page.keyboard.press('Space');
    await finished('stop beta');
    // The button kept the focus while it was busy (a disabled button would have dropped it).
    expect((await focused()).text).toBe('Stop');
    expect((await onEngine('beta')).states).toEqual(['exited']);
    await page.locator('tr[data-service="web"] .state-exited').waitFor();

    await tabTo('Reset');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Reset set beta?' }).waitFor();
    // Cancel, the choice that loses nothing, has the focus; Tab goes round inside the dialog.
    expect(await focused()).toMatchObject({ text: 'Cancel', inDialog: true });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: 'Reset', inDialog: true });
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: 'Cancel', inDialog: true });
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toMatchObject({ text: 'Reset', inDialog: true });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await focused()).toMatchObject({ text: 'Reset', inDialog: false });
    expect(posts.filter((x) => x.endsWith('/beta/reset'))).toEqual([]);

    // Every form control has a name a screen reader says, on each page a user reaches by keyboard.
    await page.getByRole('checkbox', { name: 'with its volumes' }).waitFor();
    await page.getByRole('textbox', { name: 'Snapshot name' }).waitFor();
    expect(await unlabelled()).toEqual([]);
    await tabTo('Logs', 'backward');
    await page.keyboard.press('Enter');
    // The new page has the focus, where the link was: Tab goes on from there, not from the top.
    // The page moves it once the new page has rendered, after the address changed.
    await expect.poll(async () => (await focused()).tag).toBe('MAIN');
    await page.getByRole('combobox', { name: 'Service' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).waitFor();
    await page.getByRole('checkbox', { name: 'Follow' }).waitFor();
    expect(await unlabelled()).toEqual([]);
    await tabTo('Snapshots', 'backward');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Snapshots' }).waitFor();
    expect(await unlabelled()).toEqual([]);
    await tabTo('Compare', 'backward');
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: 'First set' }).waitFor();
    expect(await unlabelled()).toEqual([]);
  });

  it('takes a snapshot of a set and starts a new set from it, from outside the project directory', async () => {
    const seed = await (await tb.set('alpha', { project: p.name, intent: 'use' })).exec('web', ['sh', '-c', 'echo seeded > /data/seed.txt']);
    expect(seed.exitCode, seed.stderr).toBe(0);
    await setPage('alpha');
    await page.getByLabel('Snapshot name').fill('seeded');
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    await finished('snapshot alpha seeded');
    await page.getByRole('link', { name: 'Snapshots' }).click();
    // Other projects on the engine may have a snapshot named seeded too.
    const row = page.getByRole('row').filter({ hasText: 'seeded' }).filter({ hasText: p.name });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/[0-9a-f]{12}/);
    await row.getByLabel('New set name').fill('gamma');
    await row.getByRole('button', { name: 'Start' }).click();
    await finished('up gamma --from seeded');
    await shot('snapshots');
    await page.getByRole('link', { name: 'Open set gamma' }).click();
    await page.locator('tr[data-service="web"] .health-healthy').waitFor({ timeout: 60_000 });
    expect(await page.textContent('main')).toContain('from snapshot seeded');
    // Made with the project's own file, though the dashboard runs elsewhere.
    expect((await (await tb.set('gamma', { project: p.name, intent: 'use' })).madeWith())?.files).toEqual([p.file]);
    expect(await dataFiles('gamma')).toEqual(['seed.txt']);
  });

  it('resets a set to its snapshot once confirmed, and a cancelled reset changes nothing', async () => {
    const later = await (await tb.set('gamma', { project: p.name, intent: 'use' })).exec('web', ['sh', '-c', 'echo later > /data/later.txt']);
    expect(later.exitCode, later.stderr).toBe(0);
    const ask = page.getByRole('dialog', { name: 'Reset set gamma?' });
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    expect(await ask.textContent()).toContain('data written since is lost');
    await shot('confirm');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'hidden' });
    expect(posts.filter((x) => x.endsWith('/gamma/reset'))).toEqual([]);
    expect(await dataFiles('gamma')).toEqual(['later.txt', 'seed.txt']);

    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await ask.getByRole('button', { name: 'Reset', exact: true }).click();
    // Progress shows while it runs, line by line from the engine's events.
    await page.getByRole('heading', { name: 'reset gamma: running' }).waitFor({ timeout: 30_000 });
    expect(await finished('reset gamma')).toMatch(/\S+\n\S+/);
    expect(await dataFiles('gamma')).toEqual(['seed.txt']);
    await page.locator('tr[data-service="web"] .health-healthy').waitFor({ timeout: 60_000 });
  });

  it('destroys a set keeping its volumes and folder, brings it up again, and removes it once confirmed', async () => {
    const destroy = page.getByRole('dialog', { name: 'Destroy set gamma?' });
    await page.getByRole('button', { name: 'Destroy', exact: true }).click();
    await destroy.getByRole('button', { name: 'Cancel' }).click();
    await destroy.waitFor({ state: 'hidden' });
    expect(posts.filter((x) => x.endsWith('/gamma/destroy'))).toEqual([]);
    const before = await onEngine('gamma');
    expect(before.states).toEqual(['running']);
    // The volume data, and the layers volume under it (a set made from a snapshot copy-on-write).
    expect(before.volumes.length).toBeGreaterThan(0);

    expect(await page.getByRole('checkbox', { name: 'with its volumes' }).isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Destroy', exact: true }).click();
    await destroy.getByRole('button', { name: 'Destroy', exact: true }).click();
    await finished('destroy gamma');
    // README: destroy removes containers and networks; the named volumes (the data) and the set's folder stay.
    expect(await onEngine('gamma')).toEqual({ states: [], networks: 0, volumes: before.volumes, folder: true });

    await page.getByRole('button', { name: 'Up', exact: true }).click();
    await finished('up gamma');
    await page.locator('tr[data-service="web"] .health-healthy').waitFor({ timeout: 60_000 });
    expect((await onEngine('gamma')).states).toEqual(['running']);
    expect(await dataFiles('gamma')).toEqual(['seed.txt']);

    const remove = page.getByRole('dialog', { name: 'Remove set gamma?' });
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await remove.getByRole('button', { name: 'Cancel' }).click();
    await remove.waitFor({ state: 'hidden' });
    expect(posts.filter((x) => x.endsWith('/gamma/remove'))).toEqual([]);
    expect((await onEngine('gamma')).states).toEqual(['running']);

    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await remove.getByRole('button', { name: 'Remove', exact: true }).click();
    await finished('remove gamma');
    expect(await onEngine('gamma')).toEqual({ states: [], networks: 0, volumes: [], folder: false });
    expect((await tb.listSets()).filter((s) => s.project === p.name).map((s) => s.set).sort()).toEqual(['alpha', 'beta']);
    await page.getByRole('link', { name: 'Back to the sets' }).waitFor();
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
