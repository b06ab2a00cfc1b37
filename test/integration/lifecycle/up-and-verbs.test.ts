/**
 * A user brings a set up from a Compose file and works with it: reaches it from the host,
 * looks at it, runs commands in it, copies files, stops, starts and destroys it.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../../src/lifecycle/events.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { httpGet, tempProject, type TempProject } from '../../support/project.js';

const COMPOSE = `
services:
  db:
    image: busybox:latest
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; echo db up; exec sleep 3600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 30s
    volumes:
      - data:/data
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo \\"hello from $$GREETING\\" > /www/index.html && echo web up && exec httpd -f -p 80 -h /www"]
    environment:
      GREETING: testbed
    ports:
      - "8080:80"
    depends_on:
      db:
        condition: service_healthy
volumes:
  data:
`;

describe.skipIf(skipWithoutEngine)('a set brought up from a Compose file', () => {
  let p: TempProject;
  const events: LifecycleEvent[] = [];

  beforeAll(async () => {
    p = await tempProject('verbs', COMPOSE);
    const set = await p.set('demo');
    await set.up({ events: (e) => events.push(e) });
  });
  afterAll(() => p.cleanup());

  it('starts web only after db is healthy, and serves on port 8080 of its own loopback address', async () => {
    const ready = events.filter((e) => e.kind === 'container' && e.action === 'ready').map((e) => (e as { service: string }).service);
    expect(ready).toEqual(['db', 'web']);
    const set = await p.set('demo');
    const endpoint = await set.endpoint('web', 80);
    expect(endpoint).toMatch(/^127\.\d+\.\d+\.\d+:8080$/);
    expect(endpoint.startsWith('127.0.0.1:')).toBe(false);
    const res = await httpGet(`http://${endpoint}/`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('hello from testbed');
  });

  it('status shows each service running, healthy where it has a check, with its address and host name', async () => {
    const res = await p.cli(['status', 'demo', '--json']);
    expect(res.code).toBe(0);
    const status = JSON.parse(res.stdout);
    const db = status.services.find((s: { service: string }) => s.service === 'db');
    const web = status.services.find((s: { service: string }) => s.service === 'web');
    expect(db.state).toBe('running');
    expect(db.health).toBe('healthy');
    expect(web.hostnames).toContain('web.demo.lan');
    expect(web.ports[0].host).toBe(`${web.address}:8080`);
  });

  it('ls lists the set as running with 2/2 services', async () => {
    const res = await p.cli(['ls', '--json']);
    const mine = JSON.parse(res.stdout).find((s: { project: string }) => s.project === p.name);
    expect(mine).toMatchObject({ set: 'demo', state: 'running', servicesUp: 2, servicesTotal: 2, volumes: 1 });
  });

  it('exec runs a command in a service and exits with its exit code', async () => {
    const ok = await p.cli(['exec', 'demo', 'web', '--', 'sh', '-c', 'echo $GREETING; exit 3']);
    expect(ok.stdout.trim()).toBe('testbed');
    expect(ok.code).toBe(3);
  });

  it('services reach each other by name and by <service>.<set>.lan', async () => {
    const set = await p.set('demo');
    const byName = await set.exec('db', ['wget', '-qO-', 'http://web/']);
    const byDomain = await set.exec('db', ['wget', '-qO-', 'http://web.demo.lan/']);
    expect(byName.stdout).toContain('hello from testbed');
    expect(byDomain.stdout).toContain('hello from testbed');
  });

  it('logs prefix each line with its service', async () => {
    const res = await p.cli(['logs', 'demo', '--tail', '5']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^db\s*\| db up$/m);
    expect(res.stdout).toMatch(/^web\s*\| web up$/m);
    const onlyWeb = await p.cli(['logs', 'demo', 'web']);
    expect(onlyWeb.stdout).not.toContain('db up');
  });

  it('cp copies a file out of a service and another one in', async () => {
    const local = await mkdtemp(join(tmpdir(), 'testbed-cp-'));
    const out = await p.cli(['cp', 'demo', 'web:/www/index.html', join(local, 'page.html')]);
    expect(out.code).toBe(0);
    expect(await readFile(join(local, 'page.html'), 'utf8')).toContain('hello from testbed');

    await writeFile(join(local, 'extra.html'), 'copied in\n');
    const into = await p.cli(['cp', 'demo', join(local, 'extra.html'), 'web:/www/extra.html']);
    expect(into.code).toBe(0);
    const set = await p.set('demo');
    expect((await httpGet(await set.url('web', 80, '/extra.html'))).body).toBe('copied in\n');
  });

  it('hosts prints a line per service and --apply writes a managed block that can be replaced', async () => {
    const res = await p.cli(['hosts', 'demo']);
    expect(res.stdout).toMatch(/^127\.\d+\.\d+\.\d+\tweb\.demo\.lan web-1\.demo\.lan$/m);
    const hostsFile = join(p.dir, 'hosts');
    await writeFile(hostsFile, '127.0.0.1 localhost\n');
    expect((await p.cli(['hosts', 'demo', '--apply', '--hosts-file', hostsFile])).code).toBe(0);
    expect((await p.cli(['hosts', 'demo', '--apply', '--hosts-file', hostsFile])).code).toBe(0);
    const content = await readFile(hostsFile, 'utf8');
    expect(content.startsWith('127.0.0.1 localhost\n')).toBe(true);
    expect(content.match(/# BEGIN testbed/g)).toHaveLength(1);
    expect(content).toContain('web.demo.lan');
    await p.cli(['hosts', 'demo', '--remove', '--hosts-file', hostsFile]);
    expect(await readFile(hostsFile, 'utf8')).toBe('127.0.0.1 localhost\n');
  });

  it('stop stops every container; start brings them back ready at the same address', async () => {
    const set = await p.set('demo');
    const before = await set.endpoint('web', 80);
    expect((await p.cli(['stop', 'demo'])).code).toBe(0);
    expect((await set.status()).every((r) => r.state === 'exited')).toBe(true);
    expect((await p.cli(['start', 'demo'])).code).toBe(0);
    expect((await set.status()).every((r) => r.state === 'running')).toBe(true);
    expect(await set.endpoint('web', 80)).toBe(before);
    expect((await httpGet(`http://${before}/`)).status).toBe(200);
  });

  it('destroy removes containers and networks but keeps the data; up brings the same data back', async () => {
    const set = await p.set('demo');
    await set.exec('db', ['sh', '-c', 'echo kept > /data/marker']);
    expect((await p.cli(['destroy', 'demo'])).code).toBe(0);
    const tb = await p.open();
    expect((await tb.listSets()).find((s) => s.project === p.name)).toMatchObject({ state: 'destroyed', volumes: 1 });
    await set.up();
    expect((await set.exec('db', ['cat', '/data/marker'])).stdout.trim()).toBe('kept');
  });

  it('destroy --volumes removes the data too', async () => {
    expect((await p.cli(['destroy', 'demo', '--volumes'])).code).toBe(0);
    const tb = await p.open();
    expect((await tb.listSets()).find((s) => s.project === p.name)).toBeUndefined();
  });
});
