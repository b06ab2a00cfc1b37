/**
 * A user's tests against a running set, through the library: tests in a service and in new
 * containers, every kind of expectation passing and failing, artifacts, needs, parallel runs,
 * timeouts, templates and the results stored in the set's folder.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedSet } from '../../../src/api/testbed-set.js';
import { ConfigError } from '../../../src/common/errors.js';
import type { TestResult, TestRunReport } from '../../../src/lifecycle/tests/test-result.js';
import { LABEL } from '../../../src/plan/labels.js';
import { renderTemplate } from '../../../src/set-config/template-render.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const COMPOSE = `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo Welcome to $$SITE > /www/index.html && exec httpd -f -p 80 -h /www"]
    environment: { SITE: demo }
    ports: ["8080:80"]
  db:
    image: busybox:latest
    command: ["sh", "-c", "echo 42 > /tmp/rows; exec sleep 3600"]
x-testbed:
  values: { greeting: from values }
  jobs:
    seed: { service: db, command: ["sh", "-c", "echo seeded > /tmp/seeded"], when: manual }
    bad-seed: { service: db, command: ["false"], when: manual }
  tests:
    exec-passes:
      service: db
      command: cat /tmp/rows
      expect:
        stdout: { contains: "42", matches: "^4\\\\d$", not_contains: "43" }
        stderr: { not_contains: ERROR }
    exec-fails:
      service: db
      command: ["sh", "-c", "echo 41; echo ERROR: no rows >&2; exit 3"]
      expect:
        stdout: { contains: "42", matches: "^4[2-9]$", not_contains: "41" }
        stderr: { not_contains: ERROR, contains: FATAL, matches: "^WARN" }
    stderr-passes:
      service: db
      command: ["sh", "-c", "echo 'WARN: slow' >&2; exit 2"]
      expect: { exit_code: 2, stderr: { contains: slow, matches: "^WARN" } }
    new-container:
      image: busybox:latest
      mounts: ["./fixtures:/fixtures:ro"]
      command: ["sh", "-c", "cat /fixtures/input.txt; wget -qO- http://web/; wget -qO- http://web.\${SET_NAME:-lib}.lan/ | wc -l"]
      expect: { stdout: { contains: ["fixture data", "Welcome to demo"] } }
    service-image:
      run: web
      command: sh -c 'echo "site=$$SITE extra=$$EXTRA"'
      environment: { EXTRA: given }
      expect: { stdout: "site=demo extra=given" }
    artifacts:
      service: db
      command: ["sh", "-c", "mkdir -p /tmp/out && echo report > /tmp/out/report.txt && echo made > /tmp/made.txt"]
      expect:
        files: [ { service: db, path: /tmp/out }, /tmp/made.txt ]
    own-container-artifact:
      image: busybox:latest
      command: ["sh", "-c", "echo inside > /tmp/inside.txt"]
      expect: { files: [ /tmp/inside.txt ] }
    missing-file:
      service: db
      command: "true"
      expect: { files: [ { service: web, path: /nope/report.txt } ] }
    http-passes:
      http: { service: web, port: 80, path: /, status: 200, body: { contains: Welcome, matches: "^Welcome to \\\\w+$" } }
    http-wrong-status:
      http: { service: web, port: 80, path: /missing.html, status: 200 }
    http-wrong-body:
      http: { service: web, port: 80, body: { not_contains: Welcome } }
    http-unpublished:
      http: { service: db, port: 80 }
    first:
      service: db
      command: ["sh", "-c", "sleep 1; echo first > /tmp/order"]
    second:
      service: db
      command: cat /tmp/order
      expect: { stdout: first }
      needs: [first]
    after-failure:
      service: db
      command: "true"
      needs: exec-fails
    after-job:
      service: db
      command: cat /tmp/seeded
      expect: { stdout: seeded }
      needs: [seed]
    after-bad-job:
      service: db
      command: "true"
      needs: [bad-seed]
    slow-exec:
      service: db
      command: ["sh", "-c", "echo started; sleep 30"]
      timeout: 1s
    slow-container:
      image: busybox:latest
      command: ["sh", "-c", "echo started; sleep 30"]
      timeout: 1s
    parallel-a: { service: db, command: [sleep, "2"] }
    parallel-b: { service: db, command: [sleep, "2"] }
    parallel-c: { image: busybox:latest, command: [sleep, "2"] }
    templated:
      service: db
      command: echo "{{ values.greeting }}" 
      environment: { FROM_VALUES: "{{ values.greeting }}!" }
      expect: { stdout: from values }
    templated-env:
      service: db
      command: ["sh", "-c", "echo \\"$$FROM_VALUES\\""]
      environment: { FROM_VALUES: "{{ values.greeting }}!" }
      expect: { stdout: "from values!" }
`;

describe.skipIf(skipWithoutEngine)('running tests against a set', () => {
  let p: TempProject;
  let set: TestbedSet;

  beforeAll(async () => {
    p = await tempProject('runtests', COMPOSE);
    await p.write('fixtures/input.txt', 'fixture data\n');
    set = await p.set('lib');
    await set.up();
  });
  afterAll(() => p.cleanup());

  const byName = (report: TestRunReport, name: string): TestResult => report.results.find((r) => r.test === name)!;

  it('a test in a service passes when exit code, stdout and stderr are as expected, and stores its output', async () => {
    const report = await set.test({ names: ['exec-passes'] });
    const r = byName(report, 'exec-passes');
    expect(r).toMatchObject({ outcome: 'passed', failures: [], exitCode: 0, stdout: '42\n', ranIn: 'exec db-1' });
    expect(report.summary).toEqual({ total: 1, passed: 1, failed: 0, skipped: 0 });
    expect(report.folder).toBe(join(p.stateDir, p.name, 'lib', 'tests', report.runId));
    expect(await readFile(join(r.folder, 'stdout'), 'utf8')).toBe('42\n');
    expect(await readFile(join(r.folder, 'stderr'), 'utf8')).toBe('');
    const stored = JSON.parse(await readFile(join(r.folder, 'result.json'), 'utf8'));
    expect(stored).toMatchObject({ test: 'exec-passes', outcome: 'passed', exitCode: 0, durationMs: r.durationMs });
  });

  it('every kind of output expectation fails with a sentence that says what was expected', async () => {
    const report = await set.test({ names: ['exec-fails', 'stderr-passes'] });
    expect(byName(report, 'stderr-passes').outcome).toBe('passed');
    const r = byName(report, 'exec-fails');
    expect(r.outcome).toBe('failed');
    expect(r.failures).toEqual([
      'exit code 3, expected 0',
      'stdout does not contain "42"',
      'stdout contains "41", which it must not',
      'stdout does not match /^4[2-9]$/',
      'stderr does not contain "FATAL"',
      'stderr contains "ERROR", which it must not',
      'stderr does not match /^WARN/',
    ]);
    expect(r.stderr).toBe('ERROR: no rows\n');
  });

  it('a test in a new container mounts project files and reaches services by their set names; the container is removed', async () => {
    const report = await set.test({ names: ['new-container', 'service-image'] });
    expect(byName(report, 'new-container')).toMatchObject({ failures: [], outcome: 'passed', ranIn: 'image busybox:latest' });
    expect(byName(report, 'new-container').stdout).toBe('fixture data\nWelcome to demo\n1\n');
    expect(byName(report, 'service-image')).toMatchObject({ outcome: 'passed', ranIn: 'run web', stdout: 'site=demo extra=given\n' });
    const tb = await p.open();
    const left = (await tb.engine.listContainers({ [LABEL.project]: p.name })).filter((c) => c.labels[LABEL.run]);
    expect(left).toEqual([]);
  });

  it('files a test expects are collected as artifacts; a missing one fails the test', async () => {
    const report = await set.test({ names: ['artifacts', 'own-container-artifact', 'missing-file'] });
    const r = byName(report, 'artifacts');
    expect(r.outcome).toBe('passed');
    expect(r.artifacts).toEqual([join('artifacts', 'db', 'tmp', 'made.txt'), join('artifacts', 'db', 'tmp', 'out', 'report.txt')]);
    expect(await readFile(join(r.folder, 'artifacts', 'db', 'tmp', 'out', 'report.txt'), 'utf8')).toBe('report\n');
    const own = byName(report, 'own-container-artifact');
    expect(own).toMatchObject({ outcome: 'passed', artifacts: [join('artifacts', 'test', 'tmp', 'inside.txt')] });
    expect(await readFile(join(own.folder, own.artifacts[0]!), 'utf8')).toBe('inside\n');
    expect(byName(report, 'missing-file')).toMatchObject({
      outcome: 'failed',
      failures: ['expected /nope/report.txt in service web, but it does not exist'],
    });
  });

  it('an HTTP check reaches the service on its published loopback address and checks status and body', async () => {
    const report = await set.test({ names: ['http-passes', 'http-wrong-status', 'http-wrong-body', 'http-unpublished'] });
    const ok = byName(report, 'http-passes');
    expect(ok.failures).toEqual([]);
    expect(ok.outcome).toBe('passed');
    expect(ok.http).toMatchObject({ method: 'GET', status: 200, body: 'Welcome to demo\n' });
    expect(ok.http!.url).toMatch(/^http:\/\/127\.\d+\.\d+\.\d+:8080\/$/);
    expect(ok.http!.url).toBe(await set.url('web', 80, '/'));
    expect(byName(report, 'http-wrong-status').failures).toEqual([expect.stringMatching(/^GET http:\/\/127\.[\d.]+:8080\/missing.html answered 404, expected 200$/)]);
    expect(byName(report, 'http-wrong-body').failures).toEqual(['the response body contains "Welcome", which it must not']);
    const unpublished = byName(report, 'http-unpublished');
    expect(unpublished.outcome).toBe('failed');
    expect(unpublished.error?.message).toContain('does not publish port 80');
  });

  it('needs run first; a test whose need failed is skipped, and needed tests run even when not named', async () => {
    const report = await set.test({ names: ['second', 'after-failure'] });
    expect(report.results.map((r) => r.test).sort()).toEqual(['after-failure', 'exec-fails', 'first', 'second']);
    const first = byName(report, 'first');
    const second = byName(report, 'second');
    expect(second.outcome).toBe('passed');
    expect(Date.parse(second.startedAt!)).toBeGreaterThanOrEqual(Date.parse(first.finishedAt!));
    expect(byName(report, 'after-failure')).toMatchObject({ outcome: 'skipped', skipReason: 'needs exec-fails, which failed' });
    expect(report.summary).toEqual({ total: 4, passed: 2, failed: 1, skipped: 1 });
  });

  it('a job a test needs runs first; when it fails, the test is skipped', async () => {
    const report = await set.test({ names: ['after-job', 'after-bad-job'] });
    expect(byName(report, 'after-job')).toMatchObject({ outcome: 'passed', stdout: 'seeded\n' });
    expect(byName(report, 'after-bad-job').outcome).toBe('skipped');
    expect(byName(report, 'after-bad-job').skipReason).toMatch(/^needs job bad-seed, which failed: job bad-seed of set lib exited with code 1/);
  });

  it('a job runner is the caller\'s: with none, needing a job is a configuration error', async () => {
    const err = await set.test({ names: ['after-job'], runJob: undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(/compose.yaml:\d+:\d+: test after-job needs job seed, and jobs cannot run here/);
    const ran: string[] = [];
    const report = await set.test({ names: ['after-job'], runJob: async (name) => void ran.push(name) });
    expect(ran).toEqual(['seed']);
    expect(report.results[0]!.outcome).toBe('passed');
  });

  it('independent tests run at the same time, up to the limit', async () => {
    const names = ['parallel-a', 'parallel-b', 'parallel-c'];
    const overlap = (report: TestRunReport) => {
      const starts = report.results.map((r) => Date.parse(r.startedAt!));
      const ends = report.results.map((r) => Date.parse(r.finishedAt!));
      return Math.max(...starts) < Math.min(...ends);
    };
    const together = await set.test({ names });
    expect(together.summary.passed).toBe(3);
    expect(overlap(together)).toBe(true);

    const oneAtATime = await set.test({ names, concurrency: 1 });
    const sorted = [...oneAtATime.results].sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!));
    for (let i = 1; i < sorted.length; i++) {
      expect(Date.parse(sorted[i]!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(sorted[i - 1]!.finishedAt!));
    }
  });

  it('a test that runs past its timeout is stopped and fails as timed out', async () => {
    const report = await set.test({ names: ['slow-exec', 'slow-container'] });
    for (const name of ['slow-exec', 'slow-container']) {
      const r = byName(report, name);
      expect(r).toMatchObject({ outcome: 'failed', timedOut: true, stdout: 'started\n' });
      expect(r.failures[0]).toMatch(/^timed out after 1\.0s/);
      expect(r.durationMs).toBeLessThan(20_000);
    }
    const ps = await set.exec('db', ['sh', '-c', 'ps -o args | grep -c "[s]leep 30" || true']);
    expect(ps.stdout.trim()).toBe('0');
  });

  it('commands and environment are rendered with the set\'s values, or with the renderer given', async () => {
    const report = await set.test({ names: ['templated', 'templated-env'] });
    expect(byName(report, 'templated')).toMatchObject({ outcome: 'passed', command: ['echo', 'from values'] });
    expect(byName(report, 'templated-env').outcome).toBe('passed');

    const render = (text: string) => renderTemplate({ name: 'test', text }, { values: { greeting: 'given' } });
    const custom = await set.test({ names: ['templated-env'], render });
    expect(custom.results[0]).toMatchObject({ outcome: 'failed', stdout: 'given!\n' });
  });

  it('stored runs are listed newest first, and per test', async () => {
    const runs = await set.testResults();
    expect(runs.length).toBeGreaterThanOrEqual(5);
    const times = runs.map((r) => r.runId);
    expect([...times].sort().reverse()).toEqual(times);
    const ofOne = await set.testResults({ test: 'exec-passes' });
    expect(ofOne).toHaveLength(1);
    expect(ofOne[0]!.results).toMatchObject([{ test: 'exec-passes', outcome: 'passed' }]);
    await access(join(ofOne[0]!.folder, 'run.json'));
  });
});
