/**
 * Sets converge: two copies of one file side by side, `up` twice changes nothing, a changed
 * service is recreated alone, and Ctrl-C halfway through `up` is finished by the next `up`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../../src/plan/labels.js';
import type { LifecycleEvent } from '../../../src/lifecycle/events.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { httpGet, tempProject, type TempProject } from '../../support/project.js';

const compose = (greeting: string, extra = '') => `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo \\"$$GREETING from $$(hostname)\\" > /www/index.html && exec httpd -f -p 80 -h /www"]
    environment:
      GREETING: ${greeting}
    ports: ["8080:80"]
  worker:
    image: busybox:latest
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
${extra}`;

async function containerIds(p: TempProject, set: string): Promise<Record<string, string>> {
  const tb = await p.open();
  const list = await tb.engine.listContainers({ [LABEL.project]: p.name, [LABEL.set]: set });
  return Object.fromEntries(list.map((c) => [c.labels[LABEL.service], c.id]));
}

describe.skipIf(skipWithoutEngine)('sets converge', () => {
  let p: TempProject;
  beforeAll(async () => {
    p = await tempProject('conv', compose('hello'));
  });
  afterAll(() => p.cleanup());

  it('two sets publish port 8080 without clashing, each at its own address', async () => {
    const a = await p.set('one');
    const b = await p.set('two');
    await Promise.all([a.up(), b.up()]);
    const ea = await a.endpoint('web', 80);
    const eb = await b.endpoint('web', 80);
    expect(ea).not.toBe(eb);
    expect(ea.endsWith(':8080') && eb.endsWith(':8080')).toBe(true);
    expect((await httpGet(`http://${ea}/`)).body).toContain('hello');
    expect((await httpGet(`http://${eb}/`)).body).toContain('hello');
    await b.remove();
  });

  it('up run twice changes nothing the second time', async () => {
    const set = await p.set('one');
    const before = await containerIds(p, 'one');
    const events: LifecycleEvent[] = [];
    await set.up({ events: (e) => events.push(e) });
    expect(await containerIds(p, 'one')).toEqual(before);
    const changes = events.filter(
      (e) => (e.kind === 'container' && ['created', 'recreated', 'started', 'removed'].includes(e.action)) || ((e.kind === 'network' || e.kind === 'volume') && e.action === 'created'),
    );
    expect(changes).toEqual([]);
  });

  it('a changed service is recreated alone, keeping its address', async () => {
    const set = await p.set('one');
    const before = await containerIds(p, 'one');
    const addrBefore = await set.address('web');
    await p.write('compose.yaml', compose('changed'));
    const changed = await p.set('one');
    await changed.up();
    const after = await containerIds(p, 'one');
    expect(after.worker).toBe(before.worker);
    expect(after.web).not.toBe(before.web);
    expect(await changed.address('web')).toBe(addrBefore);
    expect((await httpGet(await changed.url('web', 80))).body).toContain('changed');
  });

  it('a service removed from the file is reported, and removed with --remove-orphans', async () => {
    await p.write('compose.yaml', compose('changed').replace(/  worker:[\s\S]*$/, ''));
    const res = await p.cli(['up', 'one']);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/service worker is no longer in the file/);
    expect(Object.keys(await containerIds(p, 'one'))).toContain('worker');
    const removed = await p.cli(['up', 'one', '--remove-orphans']);
    expect(removed.code).toBe(0);
    expect(Object.keys(await containerIds(p, 'one'))).toEqual(['web']);
    await p.write('compose.yaml', compose('hello'));
  });

  it('Ctrl-C during up stops cleanly, and up again finishes the work', async () => {
    await p.write(
      'compose.yaml',
      compose('hello', `  slow:
    image: busybox:latest
    command: ["sh", "-c", "sleep 3; touch /tmp/ok; exec sleep 3600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ok"]
  after:
    image: busybox:latest
    command: ["sleep", "3600"]
    depends_on:
      slow: { condition: service_healthy }
`),
    );
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', '..', 'bin', 'testbed.js'), 'up', 'ctrlc'], {
      cwd: p.dir,
      env: { ...process.env, TESTBED_STATE_DIR: p.stateDir, NO_COLOR: '1' },
    });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // Interrupt once containers exist and `slow` is still getting ready.
        if (/slow-1 started/.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    const half = await (await p.set('ctrlc')).status();
    expect(half.find((r) => r.service === 'after')?.state).toBe('created');

    const again = await p.cli(['up', 'ctrlc']);
    expect(again.code).toBe(0);
    const done = await (await p.set('ctrlc')).status();
    expect(done.map((r) => r.state)).toEqual(['running', 'running', 'running', 'running']);
  });
});
