/**
 * The primitive under tests and jobs: a command for a set, by exec in a running service or in a
 * new container on the set's network, with its output, exit code, duration and timeout.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../../src/common/errors.js';
import { runCommand } from '../../../src/lifecycle/command-run.js';
import { LABEL } from '../../../src/plan/labels.js';
import type { TestbedSet } from '../../../src/api/testbed-set.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const COMPOSE = `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 80 -h /www"]
    environment:
      GREETING: from-web
`;

describe.skipIf(skipWithoutEngine)('running a command for a set', () => {
  let p: TempProject;
  let set: TestbedSet;

  beforeAll(async () => {
    p = await tempProject('cmdrun', COMPOSE);
    await p.write('fixtures/data.txt', 'mounted file\n');
    set = await p.set('cr');
    await set.up();
  });
  afterAll(() => p.cleanup());

  async function oneOffs(): Promise<number> {
    const tb = await p.open();
    return (await tb.engine.listContainers({ [LABEL.project]: p.name, [LABEL.set]: 'cr' })).filter((c) => c.labels[LABEL.run]).length;
  }

  it('exec in a service keeps stdout and stderr apart, with the exit code, env, user and folder', async () => {
    const result = await runCommand(set.context, {
      where: { kind: 'exec', service: 'web' },
      command: ['sh', '-c', 'echo "out $GREETING $EXTRA"; echo err >&2; id -u; pwd; exit 3'],
      env: { EXTRA: 'given' },
      user: 'nobody',
      workingDir: '/tmp',
    });
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, stdout: 'out from-web given\n65534\n/tmp\n', stderr: 'err\n' });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.container).toBe(`${p.name}-cr-web-1`);
  });

  it('a new container from the service\'s image has its environment, reaches services by name and is removed', async () => {
    const outDir = join(p.dir, 'out');
    const result = await runCommand(set.context, {
      where: { kind: 'run', service: 'web' },
      command: ['sh', '-c', 'echo "$GREETING"; wget -qO- http://web/; wget -qO- http://web.cr.lan/; cat /fixtures/data.txt; echo bad >&2; exit 5'],
      mounts: [{ source: join(p.dir, 'fixtures'), target: '/fixtures', readOnly: true }],
      stdoutFile: join(outDir, 'stdout'),
      stderrFile: join(outDir, 'stderr'),
    });
    expect(result.exitCode).toBe(5);
    expect(result.stdout).toBe('from-web\nhello\nhello\nmounted file\n');
    expect(result.stderr).toBe('bad\n');
    expect(await readFile(join(outDir, 'stdout'), 'utf8')).toBe(result.stdout);
    expect(await readFile(join(outDir, 'stderr'), 'utf8')).toBe('bad\n');
    expect(await oneOffs()).toBe(0);
  });

  it('a new container from any image joins the set\'s network', async () => {
    const result = await runCommand(set.context, {
      where: { kind: 'image', image: 'debian:bookworm-slim' },
      command: ['bash', '-c', 'getent hosts web >/dev/null && echo resolved; echo "[$GREETING]"'],
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'resolved\n[]\n' });
  });

  it('a one-off container is labelled as the set\'s, but status and ls do not take it for a service', async () => {
    const running = runCommand(set.context, { where: { kind: 'image', image: 'busybox:latest' }, command: ['sleep', '3'], purpose: 'test/labels' });
    const tb = await p.open();
    let found;
    for (let i = 0; i < 50 && !found; i++) {
      found = (await tb.engine.listContainers({ [LABEL.project]: p.name, [LABEL.set]: 'cr' })).find((c) => c.labels[LABEL.run]);
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found?.labels).toMatchObject({ [LABEL.managed]: 'true', [LABEL.run]: 'test/labels' });
    expect(found?.name).toMatch(new RegExp(`^${p.name}-cr-run-[0-9a-f]+$`));
    expect((await set.status()).map((r) => r.service)).toEqual(['web']);
    expect((await tb.listSets()).find((s) => s.project === p.name)).toMatchObject({ servicesUp: 1, servicesTotal: 1 });
    expect((await running).exitCode).toBe(0);
  });

  it('a timeout stops an exec and says so', async () => {
    const result = await runCommand(set.context, {
      where: { kind: 'exec', service: 'web' },
      command: ['sh', '-c', 'echo started; sleep 30; echo never'],
      timeoutMs: 1000,
    });
    expect(result.timedOut).toBe(true);
    expect(result.stdout).toBe('started\n');
    expect(result.durationMs).toBeLessThan(15_000);
    // The process is gone, not just no longer waited for.
    const ps = await set.exec('web', ['sh', '-c', 'ps -o args | grep -c "[s]leep 30" || true']);
    expect(ps.stdout.trim()).toBe('0');
  });

  it('a timeout stops a new container, and it is removed', async () => {
    const result = await runCommand(set.context, {
      where: { kind: 'image', image: 'busybox:latest' },
      command: ['sh', '-c', 'echo started; sleep 30'],
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({ timedOut: true, stdout: 'started\n' });
    expect(result.exitCode).not.toBe(0);
    expect(await oneOffs()).toBe(0);
  });

  it('an abort stops a new container, removes it and throws InterruptedError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1000);
    await expect(
      runCommand(set.context, { where: { kind: 'image', image: 'busybox:latest' }, command: ['sleep', '30'], signal: controller.signal }),
    ).rejects.toBeInstanceOf(InterruptedError);
    expect(await oneOffs()).toBe(0);
  });

  it('keeps the start and end of a large output in memory and all of it in the file', async () => {
    const file = join(p.dir, 'big', 'stdout');
    const result = await runCommand(set.context, {
      where: { kind: 'exec', service: 'web' },
      command: ['sh', '-c', 'i=0; while [ $i -lt 5000 ]; do echo "line $i"; i=$((i+1)); done'],
      maxCaptureBytes: 1000,
      stdoutFile: file,
    });
    expect(result.truncated).toBe(true);
    expect(result.stdout.startsWith('line 0\n')).toBe(true);
    expect(result.stdout.endsWith('line 4999\n')).toBe(true);
    expect(result.stdout).toContain('bytes left out');
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(5001);
  });
});
