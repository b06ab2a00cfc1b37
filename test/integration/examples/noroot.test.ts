/**
 * Issue 15's example, run by CI: WordPress (Debian's package) made twelve-factor as seed 000
 * wished, and the same application the way seed 000 found it (before/). The example comes up
 * under the set's random UID with group 0, its own tests pass, `testbed doctor --live` passes it
 * with nothing left unknown, and finds each of the seed's problems in before/, by factor.
 * Driven through the CLI, as a user runs it. The images come from the engine's cache after the
 * first run on a machine (their apt layers are shared with examples/quickstart and wikifarm).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport, Finding } from '../../../src/api/doctor.js';
import { skipWithoutEngine, uniqueName } from '../../support/engine.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const AFTER = join(ROOT, 'examples', 'noroot', 'compose.yaml');
const BEFORE = join(ROOT, 'examples', 'noroot', 'before', 'compose.yaml');
const MINUTES = 60_000;
const DOCTOR_FINDINGS = 30;

describe.skipIf(skipWithoutEngine)('examples/noroot', () => {
  let stateDir: string;
  const set = uniqueName('nr');

  const cli = (file: string, args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin', 'testbed.js'), '-f', file, ...args],
        { env: { ...process.env, TESTBED_STATE_DIR: stateDir, NO_COLOR: '1' }, timeout: 30 * MINUTES, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'testbed-nr-'));
  });

  afterAll(async () => {
    await cli(AFTER, ['remove', set]);
    await rm(stateDir, { recursive: true, force: true });
  }, 5 * MINUTES);

  it('comes up under the set\'s random uid with group 0, with WordPress installed and migrated by its jobs', async () => {
    const up = await cli(AFTER, ['up', set, '--timeout', '10m']);
    expect(up.code, up.stderr.slice(-4000)).toBe(0);
    expect(up.stderr).toMatch(/job install done[\s\S]*job migrate done/);
    const uid = (await readFile(join(stateDir, 'noroot', set, 'arbitrary-uid'), 'utf8')).trim();
    expect(Number(uid)).toBeGreaterThanOrEqual(1_000_000_000);
    for (const service of ['db', 'app', 'web']) {
      const id = await cli(AFTER, ['exec', '-T', set, service, '--', 'sh', '-c', 'echo "$(id -u):$(id -g)"']);
      expect(id.stdout.trim(), `${service}: ${id.stderr}`).toBe(`${uid}:0`);
    }
  }, 30 * MINUTES);

  it('passes its own tests', async () => {
    const res = await cli(AFTER, ['test', set, '--json']);
    expect(res.code, res.stdout.slice(-4000) + res.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(res.stdout) as { summary: { passed: number; failed: number } };
    expect(report.summary).toMatchObject({ passed: 7, failed: 0 });
  }, 5 * MINUTES);

  it('renders its cron job as a Kubernetes CronJob', async () => {
    const res = await cli(AFTER, ['k8s', 'render', set]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/kind: CronJob[\s\S]*schedule: "\*\/15 \* \* \* \*"/);
  }, 2 * MINUTES);

  it('passes testbed doctor --live, with nothing left unknown', async () => {
    const res = await cli(AFTER, ['doctor', '--live', '--json', '--fail-on', 'warn', '--timeout', '5m']);
    const report = JSON.parse(res.stdout) as DoctorReport;
    const notPassed = report.findings.filter((f) => f.status !== 'pass').map((f) => `${f.status} ${f.service} ${f.check}: ${f.evidence}`);
    expect(notPassed).toEqual([]);
    expect(res.code).toBe(0);
    expect(new Set(report.findings.map((f) => f.factor)).size).toBe(11);
  }, 15 * MINUTES);

  it('finds each of seed 000\'s problems in before/, by factor', async () => {
    const res = await cli(BEFORE, ['doctor', '--live', '--json', '--timeout', '10m']);
    expect(res.code, res.stderr.slice(-3000)).toBe(DOCTOR_FINDINGS);
    const report = JSON.parse(res.stdout) as DoctorReport;
    const at = (check: string, service: string): Finding => {
      const found = report.findings.find((f) => f.check === check && f.service === service);
      if (!found) throw new Error(`no ${check} finding for ${service}`);
      return found;
    };
    const failed = (check: string, service: string, evidence: RegExp) => expect(at(check, service), `${check} ${service}`).toMatchObject({ status: 'fail', evidence: expect.stringMatching(evidence) });

    // III Config: passwords in the file, and the installer's wp-config.php baked into the image.
    failed('config.literal-credentials', 'wordpress', /WORDPRESS_DB_PASSWORD=w\*+d/);
    failed('config.literal-credentials', 'db', /MARIADB_ROOT_PASSWORD=r\*+d/);
    failed('config.baked-files', 'wordpress', /\/var\/www\/html\/wp-config\.php:\d+ DB_PASSWORD = w\*+d; .*DB_HOST = 'db'/);
    // V Build, release, run: the code copied into the document root at run time.
    failed('build-release-run.runtime-changes', 'wordpress', /file\(s\) of the code tree changed .*\/var\/www\/html\//);
    // VI Processes: root.
    failed('processes.root-processes', 'wordpress', /run as uid 0/);
    failed('processes.root-processes', 'db', /mariadbd --user=root/);
    // IX Disposability: a shell as PID 1 never passes SIGTERM on.
    failed('disposability.stop-signal', 'wordpress', /killed after the 10s grace period/);
    // XI Logs: Apache's log files, and nothing on stdout.
    failed('logs.log-files', 'wordpress', /\/var\/log\/apache2\/access\.log/);
    // XII Admin processes: cron in the container, and the install left to a browser.
    failed('admin-processes.in-container-scheduler', 'wordpress', /"cron"/);
    failed('admin-processes.installer-page', 'wordpress', /redirects to .*\/wp-admin\/install\.php/);
    // Security, and the arbitrary UID seed 000 exists for.
    failed('security.runs-as-root', 'wordpress', /runs as root/);
    failed('arbitrary-uid.runs', 'wordpress', /as uid \d+:0 it exited with code \d+; it said: .*Permission denied/);
    failed('arbitrary-uid.runs', 'db', /as uid \d+:0 it exited/);
    expect(at('port-binding.undeclared-ports', 'db')).toMatchObject({ status: 'warn', evidence: 'listening on 3306, which the file does not declare' });
  }, 20 * MINUTES);
});
