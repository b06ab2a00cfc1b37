/**
 * Readiness never lies: `up` says a set is ready only when every service is, and fails with
 * SERVICE_FAILED (exit 24), naming the service, its exit code and its last output, when one
 * exits or keeps restarting, unless it is a one-shot service that exited 0.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../../src/lifecycle/events.js';
import { LABEL } from '../../../src/plan/labels.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { collect, engineFixture, type EngineFixture } from '../engine/engine-fixtures.js';
import { httpGet, tempProject, type TempProject } from '../../support/project.js';

const SERVICE_FAILED = 24;
const DEPENDENCY_FAILED = 9;

describe.skipIf(skipWithoutEngine)('readiness never lies', () => {
  const projects: TempProject[] = [];
  const make = async (compose: string) => {
    const p = await tempProject('ready', compose);
    projects.push(p);
    return p;
  };
  afterAll(async () => {
    for (const p of projects) await p.cleanup();
  });

  it('a service without a healthcheck that exits fails up with exit 24, its exit code and its last output', async () => {
    const p = await make(`services:
  crash:
    image: busybox:latest
    command: ["sh", "-c", "echo cannot open config >&2; exit 3"]
  fine:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
`);
    const res = await p.cli(['up', 'exits']);
    expect(res.code).toBe(SERVICE_FAILED);
    expect(res.stderr).toContain('service crash');
    expect(res.stderr).toContain('exited with code 3');
    expect(res.stderr).toContain('cannot open config');
    expect(res.stderr).not.toContain('is ready');
  });

  it('the output shown for a failed service has the set\'s secrets masked', async () => {
    const p = await make(`x-testbed:
  secrets:
    token: { generate: { length: 20 } }
services:
  leaky:
    image: busybox:latest
    command: ["sh", "-c", "echo connecting with $$TOKEN; exit 1"]
    x-testbed:
      secret_environment: { TOKEN: token }
`);
    const res = await p.cli(['up', 'masked']);
    expect(res.code).toBe(SERVICE_FAILED);
    const secrets = JSON.parse((await p.cli(['secrets', 'masked', '--reveal', '--json'])).stdout) as { name: string; value: string }[];
    const token = secrets.find((s) => s.name === 'token')!.value;
    expect(token).toHaveLength(20);
    expect(res.stderr).toContain('connecting with ********');
    expect(res.stderr).not.toContain(token);
  });

  it('a port-less service that crashes after it looked ready is caught while the rest of the set comes up', async () => {
    // `flaky` runs for 3 s, long past its own readiness, while `slow` needs 20 s to be healthy.
    const p = await make(`services:
  flaky:
    image: busybox:latest
    command: ["sh", "-c", "echo flaky up; sleep 3; echo lost my connection >&2; exit 1"]
  slow:
    image: busybox:latest
    command: ["sh", "-c", "sleep 20; touch /tmp/ok; exec sleep 3600"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ok"]
`);
    const began = Date.now();
    const res = await p.cli(['up', 'late', '--timeout', '120s']);
    const tookMs = Date.now() - began;
    expect(res.code).toBe(SERVICE_FAILED);
    expect(res.stderr).toContain('service flaky');
    expect(res.stderr).toContain('exited with code 1');
    expect(res.stderr).toContain('lost my connection');
    // Failed on the crash, not after waiting for `slow` (20 s) or for the timeout.
    expect(tookMs).toBeLessThan(20_000);
  });

  it('a service with no check of its own that dies just after it started is caught before up says ready', async () => {
    // Ready at once (no healthcheck, no ports), then gone 0.3 s later: inside the moment every
    // such container must keep running (failure-watch.ts), even when it is the whole set.
    const p = await make(`services:
  brief:
    image: busybox:latest
    command: ["sh", "-c", "sleep 0.3; echo lost the lease >&2; exit 6"]
`);
    const res = await p.cli(['up', 'brief']);
    expect(res.code).toBe(SERVICE_FAILED);
    expect(res.stderr).toContain('exited with code 6');
    expect(res.stderr).toContain('lost the lease');
    expect(res.stderr).not.toContain('is ready');
  });

  it('a restart loop fails up as a restart within seconds, not at the timeout', async () => {
    const p = await make(`services:
  loop:
    image: busybox:latest
    restart: always
    command: ["sh", "-c", "echo loop starting; exit 5"]
`);
    const began = Date.now();
    const res = await p.cli(['up', 'loops', '--timeout', '120s'], { timeoutMs: 150_000 });
    const tookMs = Date.now() - began;
    expect(res.code).toBe(SERVICE_FAILED);
    expect(res.stderr).toContain('service loop');
    expect(res.stderr).toMatch(/keeps restarting \(restarted \d+x/);
    expect(res.stderr).toContain('loop starting');
    expect(res.stderr).not.toContain('did not become ready in time');
    expect(tookMs).toBeLessThan(30_000);
  });

  describe('a service whose ports open only after a delay', () => {
    let p: TempProject;
    beforeAll(async () => {
      // Both open 4 s after start: `web` on a published port, `api` on an exposed-only one.
      p = await make(`services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "sleep 4; mkdir -p /www; echo web > /www/index.html; exec httpd -f -p 8080 -h /www"]
    ports: ["8080"]
  api:
    image: busybox:latest
    command: ["sh", "-c", "sleep 4; mkdir -p /www; echo api > /www/index.html; exec httpd -f -p 9000 -h /www"]
    expose: ["9000"]
`);
    });

    it('is ready only once they accept connections, from the host and inside the set', async () => {
      const events: LifecycleEvent[] = [];
      const set = await p.set('ports');
      await set.up({ events: (e) => events.push(e) });
      expect(events.filter((e) => e.kind === 'container' && e.action === 'ready')).toHaveLength(2);
      // At once, without retrying: up said ready, so both answer.
      const res = await httpGet(`http://${await set.endpoint('web', 8080)}/`);
      expect(res.body.trim()).toBe('web');
      const fromInside = await set.exec('web', ['wget', '-qO-', 'http://api:9000/']);
      expect(fromInside.stdout.trim()).toBe('api');
    });
  });

  it('ready: started opts a service out of the port check', async () => {
    const p = await make(`services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "sleep 600; exec httpd -f -p 8080"]
    stop_signal: SIGKILL
    ports: ["8080"]
    x-testbed:
      ready: started
`);
    const set = await p.set('started');
    const began = Date.now();
    await set.up({ timeoutMs: 60_000 });
    expect(Date.now() - began).toBeLessThan(60_000);
    const status = await set.status();
    expect(status[0]).toMatchObject({ service: 'web', state: 'running' });
  });

  describe('an image without a shell', () => {
    let fx: EngineFixture;
    let p: TempProject | undefined;
    let image: string;
    beforeAll(async () => {
      fx = await engineFixture('no-shell');
      image = `testbed-test/${fx.name('no-shell')}`;
      const labels = Object.entries(fx.labels).map(([k, v]) => `LABEL ${k}=${v}`);
      await fx.engine.importImage(await busyboxOnly(fx), image, '1', labels);
    });
    afterAll(async () => {
      await p?.cleanup();
      await fx.cleanup();
    });

    it('has its exposed port checked from a probe container on the set network', async () => {
      p = await tempProject('ready', `services:
  bare:
    image: ${image}:1
    command: ["/busybox", "sh", "-c", "sleep 3; echo bare > /index.html; exec /busybox httpd -f -p 7000 -h /"]
    expose: ["7000"]
  client:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
`);
      const set = await p.set('bare');
      await set.up();
      const res = await set.exec('client', ['wget', '-qO-', 'http://bare:7000/index.html']);
      expect(res.stdout.trim()).toBe('bare');
      // The probe containers are gone.
      const left = await fx.engine.listContainers({ [LABEL.project]: p.name, [LABEL.set]: 'bare' });
      expect(left.map((c) => c.labels[LABEL.service]).sort()).toEqual(['bare', 'client']);
    });
  });

  describe('one-shot services', () => {
    it('exiting 0 passes when marked oneshot, and up waits for it to finish', async () => {
      const p = await make(`services:
  seed:
    image: busybox:latest
    command: ["sh", "-c", "sleep 2; echo seeded"]
    x-testbed:
      oneshot: true
`);
      const res = await p.cli(['up', 'once']);
      expect(res.code).toBe(0);
      expect(res.stderr).toMatch(/seed-1 completed/);
      expect(res.stderr).toMatch(/seed\s+exited \(0\)/);
    });

    it('exiting 0 passes when another service waits for it to complete', async () => {
      const p = await make(`services:
  migrate:
    image: busybox:latest
    command: ["sh", "-c", "echo migrated"]
  app:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    depends_on:
      migrate:
        condition: service_completed_successfully
`);
      expect((await p.cli(['up', 'dep'])).code).toBe(0);
    });

    it('exiting non-zero is a failed dependency (exit 9) with its output', async () => {
      const p = await make(`services:
  migrate:
    image: busybox:latest
    command: ["sh", "-c", "echo no such table >&2; exit 2"]
  app:
    image: busybox:latest
    command: ["sleep", "3600"]
    depends_on:
      migrate:
        condition: service_completed_successfully
`);
      const res = await p.cli(['up', 'depfail']);
      expect(res.code).toBe(DEPENDENCY_FAILED);
      expect(res.stderr).toContain('exited with code 2');
      expect(res.stderr).toContain('no such table');
    });

    it('a service that exits 0 without being one-shot fails up and says how to mark it', async () => {
      const p = await make(`services:
  done:
    image: busybox:latest
    command: ["sh", "-c", "echo all done"]
`);
      const res = await p.cli(['up', 'zero']);
      expect(res.code).toBe(SERVICE_FAILED);
      expect(res.stderr).toContain('exited with code 0');
      expect(res.stderr).toContain('oneshot: true');
    });
  });

  describe('status', () => {
    let p: TempProject;
    beforeAll(async () => {
      p = await make(`services:
  crash:
    image: busybox:latest
    command: ["sh", "-c", "exit 1"]
  loop:
    image: busybox:latest
    restart: always
    command: ["sh", "-c", "sleep 0.2; exit 4"]
  sick:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD-SHELL", "echo database is down; exit 1"]
      interval: 1s
      retries: 1
`);
      expect((await p.cli(['up', 'states', '--no-wait'])).code).toBe(0);
    });

    it('shows exited (1), restarting (Nx) and unhealthy with the last probe output', async () => {
      let out = '';
      // The loop is restarting most of the time once the engine backs off; the probe fails after its first interval.
      for (let i = 0; i < 30; i++) {
        out = (await p.cli(['status', 'states'])).stdout;
        if (/restarting \([2-9]\d*x\)/.test(out) && /database is down/.test(out)) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(out).toMatch(/crash\s+exited \(1\)/);
      expect(out).toMatch(/loop\s+restarting \([2-9]\d*x\)/);
      expect(out).toMatch(/sick\s+running\s+unhealthy/);
      expect(out).toContain('sick: unhealthy, last health check output: database is down');
      const { services: rows } = JSON.parse((await p.cli(['status', 'states', '--json'])).stdout) as {
        services: { service: string; restarts?: number; healthOutput?: string }[];
      };
      expect(rows.find((r) => r.service === 'loop')?.restarts).toBeGreaterThan(1);
      expect(rows.find((r) => r.service === 'sick')?.healthOutput).toBe('database is down');
    });
  });
});

/** A one-layer image holding nothing but the busybox binary, at /busybox: no /bin/sh. */
async function busyboxOnly(fx: EngineFixture): Promise<Readable> {
  const id = await fx.engine.createContainer(fx.spec(fx.name('copy')));
  try {
    return Readable.from(Buffer.concat((await collect(await fx.engine.getArchive(id, '/bin/busybox'))) as Buffer[]));
  } finally {
    await fx.engine.removeContainer(id);
  }
}
