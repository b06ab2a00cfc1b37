/**
 * Issue 15: `testbed doctor`'s live checks against the real engine, on tiny busybox services
 * made to show each problem (and one that shows none), through the CLI as a user runs it:
 * on a running set, on a throwaway set of its own (--live), and on the file alone.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport, Finding } from '../../../src/api/doctor.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const DOCTOR_FINDINGS = 30;

/** One service per problem; `good` has none of them. */
const PROBLEMS = `services:
  good:
    image: busybox:latest
    command: ["sh", "-c", "echo serving; exec httpd -f -v -p 8080"]
    expose: ["8080"]
    read_only: true
    stop_signal: SIGKILL
    x-testbed: { arbitrary_uid: true }
  writer:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /var/lib/app /opt/app && echo x > /var/lib/app/state && echo code > /opt/app/gen.js && echo wrote && exec sleep 3600"]
    stop_signal: SIGKILL
  logger:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /var/log/app && while true; do echo tick >> /var/log/app/app.log; sleep 1; done"]
    stop_signal: SIGKILL
  ports:
    image: busybox:latest
    command: ["sh", "-c", "echo up; httpd -p 127.0.0.1:9001; exec httpd -f -p 8080"]
    expose: ["9000", "9001"]
    stop_signal: SIGKILL
    x-testbed: { ready: started }
  cron:
    image: busybox:latest
    command: ["sh", "-c", "echo scheduling; exec busybox crond -f -c /tmp"]
    stop_signal: SIGKILL
  installer:
    image: busybox:latest
    command: ["sh", "-c", "echo listening; while true; do printf 'HTTP/1.0 302 Found\\\\r\\\\nLocation: /wp-admin/install.php\\\\r\\\\nContent-Length: 0\\\\r\\\\n\\\\r\\\\n' | nc -l -p 8080 >/dev/null; done"]
    ports: ["8080"]
    stop_signal: SIGKILL
  warned:
    build: ./warned
    command: ["sh", "-c", "echo serving; exec httpd -f -v -p 8080"]
    expose: ["8080"]
    read_only: true
    stop_signal: SIGKILL
    x-testbed: { arbitrary_uid: true }
  baked:
    build: ./baked
    environment:
      DB_PASSWORD: hunter2hunter2
    command: ["sh", "-c", "echo baked; exec sleep 3600"]
    stop_signal: SIGKILL
`;

const BAKED_DOCKERFILE = `FROM busybox:latest
WORKDIR /app
RUN printf "<?php\\ndefine('DB_PASSWORD', 'hunter2hunter2');\\ndefine('DB_HOST', 'writer');\\n" > /app/config.php
`;

/** For --live: a clean service, one that ignores SIGTERM, one that needs a hand step, one that needs root. */
const FRESH = `services:
  good:
    image: busybox:latest
    command: ["sh", "-c", "echo serving; exec httpd -f -v -p 8080"]
    expose: ["8080"]
    init: true
    x-testbed: { arbitrary_uid: true }
  stubborn:
    image: busybox:latest
    command: ["sh", "-c", "trap 'echo ignoring TERM' TERM; echo running; while true; do sleep 1; done"]
    stop_grace_period: 2s
  manual:
    image: busybox:latest
    command: ["sh", "-c", "echo waiting for someone to install me; exec sleep 3600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/installed"]
      interval: 1s
    stop_signal: SIGKILL
  rootonly:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /srv && echo ok > /srv/marker && echo ready && exec sleep 3600"]
    stop_signal: SIGKILL
`;

function find(report: DoctorReport, check: string, service: string): Finding {
  const found = report.findings.filter((f) => f.check === check && f.service === service);
  expect(found, `${check} of ${service}`).toHaveLength(1);
  return found[0]!;
}

describe.skipIf(skipWithoutEngine)('testbed doctor, live', () => {
  let p: TempProject;
  let fresh: TempProject;
  beforeAll(async () => {
    p = await tempProject('doc', PROBLEMS);
    await p.write('baked/Dockerfile', BAKED_DOCKERFILE);
    // Built on a floating base: a warning, and nothing else wrong.
    await p.write('warned/Dockerfile', 'FROM busybox:latest\n');
    fresh = await tempProject('docl', FRESH);
  });
  afterAll(async () => {
    await p?.cleanup();
    await fresh?.cleanup();
  });

  it('with no engine, reports what the file shows and says why each live check is unknown', async () => {
    const res = await p.cli(['doctor', '--json'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(res.code, res.stderr).toBe(DOCTOR_FINDINGS);
    const report = JSON.parse(res.stdout) as DoctorReport;
    expect(report.mode).toBe('static');
    expect(report.liveUnavailable).toMatch(/^no engine to look at a set: /);
    expect(find(report, 'security.runs-as-root', 'writer')).toMatchObject({ status: 'unknown', fix: expect.stringContaining('Start the engine') });
    expect(find(report, 'config.literal-credentials', 'baked').status).toBe('fail');
  }, 60_000);

  it('on the file alone (the set is not up), reports static findings and says why each live check is unknown', async () => {
    // -p: other projects on the engine may have a set named `one` up.
    const res = await p.cli(['doctor', 'one', '-p', p.name, '--json']);
    expect(res.code, res.stderr).toBe(DOCTOR_FINDINGS);
    const report = JSON.parse(res.stdout) as DoctorReport;
    expect(report.mode).toBe('static');
    expect(find(report, 'config.literal-credentials', 'baked')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('DB_PASSWORD=h********2') });
    expect(find(report, 'build-release-run.image-tags', 'writer').status).toBe('fail');
    expect(find(report, 'processes.root-processes', 'writer')).toMatchObject({ status: 'unknown', evidence: 'set one is not running' });
    expect(report.findings.filter((f) => f.status === 'pass' && f.check.startsWith('processes.'))).toEqual([]);
  }, 60_000);

  it('on a running set, finds each problem where it is and passes the service that has none', async () => {
    const up = await p.cli(['up', 'one'], { timeoutMs: 180_000 });
    expect(up.code, up.stderr).toBe(0);
    // Something for the logger to have logged, and the front page asked, before doctor looks.
    await new Promise((r) => setTimeout(r, 1500));
    const res = await p.cli(['doctor', 'one', '--json', '--junit', 'doctor.xml']);
    expect(res.code, res.stderr).toBe(DOCTOR_FINDINGS);
    const report = JSON.parse(res.stdout) as DoctorReport;
    expect(report.mode).toBe('set');

    expect(find(report, 'build-release-run.runtime-changes', 'writer')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('A /opt/app/gen.js') });
    expect(find(report, 'processes.container-state', 'writer')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('/var/lib/app/state') });
    expect(find(report, 'processes.root-processes', 'writer')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('run as uid 0') });
    expect(find(report, 'security.runs-as-root', 'writer').status).toBe('fail');
    expect(find(report, 'logs.log-files', 'logger')).toMatchObject({ status: 'fail', evidence: expect.stringMatching(/\/var\/log\/app\/app\.log \(\d+ bytes\)/) });
    expect(find(report, 'port-binding.declared-ports', 'ports')).toMatchObject({ status: 'fail', evidence: 'nothing listens on 9000; 9001 listen(s) on loopback only, out of other containers\' reach' });
    expect(find(report, 'port-binding.undeclared-ports', 'ports')).toMatchObject({ status: 'warn', evidence: 'listening on 8080, which the file does not declare' });
    expect(find(report, 'admin-processes.in-container-scheduler', 'cron')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('busybox crond') });
    expect(find(report, 'admin-processes.installer-page', 'installer')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('redirects to /wp-admin/install.php') });
    expect(find(report, 'config.baked-files', 'baked')).toMatchObject({
      status: 'fail',
      evidence: "the image ships per-environment values: /app/config.php:2 DB_PASSWORD = h********2; /app/config.php:3 DB_HOST = 'writer' (service writer of the set)",
    });

    // The clean one: nothing but passes from the live checks that can look at a running set.
    const good = report.findings.filter((f) => f.service === 'good' && !['disposability', 'admin-processes'].includes(f.factor) && f.check !== 'config.baked-files');
    expect(good.filter((f) => f.status !== 'pass' && f.check !== 'build-release-run.image-tags' && f.check !== 'security.writable-root')).toEqual([]);
    expect(find(report, 'arbitrary-uid.runs', 'good')).toMatchObject({ status: 'pass', evidence: expect.stringMatching(/^runs as uid \d{10} with group 0/) });
    expect(find(report, 'logs.log-files', 'good').status).toBe('pass');
    // What only a throwaway set can show is unknown here, with why.
    expect(find(report, 'disposability.stop-signal', 'good')).toMatchObject({ status: 'unknown', fix: 'Run testbed doctor --live.' });

    const junit = await readFile(join(p.dir, 'doctor.xml'), 'utf8');
    expect(junit).toContain('<testcase name="logs.log-files (logger)" classname="doctor.');
    expect(junit).toMatch(/<failure message="writes log files while its output is silent/);
  }, 240_000);

  it('a warning fails only with --fail-on warn; the services named narrow the report', async () => {
    const byDefault = await p.cli(['doctor', 'one', 'warned', '--json']);
    expect(byDefault.code, byDefault.stderr).toBe(0);
    const report = JSON.parse(byDefault.stdout) as DoctorReport;
    expect(new Set(report.findings.map((f) => f.service))).toEqual(new Set(['warned']));
    expect(report.summary).toMatchObject({ fail: 0, warn: 1 });
    const strict = await p.cli(['doctor', 'one', 'warned', '--fail-on', 'warn']);
    expect(strict.code).toBe(DOCTOR_FINDINGS);
    expect(strict.stdout).toMatch(/V Build, release, run\n\s+warn\s+warned\s+build-release-run\.image-tags\s+built on floating base images: FROM busybox:latest/);
    expect(strict.stdout).toMatch(/fix: Pin a version tag/);
  }, 60_000);

  it('--live makes a fresh set and one under a random uid, times them, stops them, and removes both', async () => {
    const res = await fresh.cli(['doctor', '--live', '--json', '--timeout', '8s'], { timeoutMs: 240_000 });
    expect(res.code, res.stderr).toBe(DOCTOR_FINDINGS);
    const report = JSON.parse(res.stdout) as DoctorReport;
    expect(report.mode).toBe('live');

    expect(find(report, 'disposability.start-to-ready', 'good')).toMatchObject({ status: 'pass', evidence: expect.stringMatching(/^\d+\.\ds from start to ready$/) });
    expect(find(report, 'disposability.stop-signal', 'good')).toMatchObject({ status: 'pass', evidence: expect.stringMatching(/^exited 143 \d+\.\ds after SIGTERM$/) });
    expect(find(report, 'disposability.stop-signal', 'stubborn')).toMatchObject({
      status: 'fail',
      evidence: expect.stringMatching(/^did not exit on SIGTERM and was killed after the 2s grace period \(\d+\.\ds, exit 137\)$/),
    });
    expect(find(report, 'admin-processes.fresh-set', 'manual')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('a fresh set did not come up: service manual') });
    expect(find(report, 'admin-processes.fresh-set', 'good').status).toBe('pass');
    expect(find(report, 'arbitrary-uid.runs', 'rootonly')).toMatchObject({ status: 'fail', evidence: expect.stringMatching(/^as uid \d{10}:0 it exited with code 1; it said: .*(Permission denied|can't create)/) });
    expect(find(report, 'arbitrary-uid.runs', 'good').status).toBe('pass');

    // Nothing of either throwaway set is left: no containers, no set folders.
    const left = await fresh.cli(['ls', '--json']);
    expect((JSON.parse(left.stdout) as { project: string }[]).filter((s) => s.project === fresh.name)).toEqual([]);
  }, 300_000);
});
