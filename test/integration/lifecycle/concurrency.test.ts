/**
 * Two commands on one set at once: the second waits for the first (saying who it waits for) or,
 * with --no-wait, fails at once with exit 21; a lock or a one-off container left by a killed
 * process is cleaned up by the next command; two `up` at once end with one network each.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSetLock } from '../../../src/lifecycle/set-lock.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { httpGet, tempProject, type CliResult, type TempProject } from '../../support/project.js';
import { networkNames, oneOffNames } from '../../support/set-objects.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'testbed.js');

const compose = `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 80 -h /www"]
    ports: ["8080:80"]
    networks: [front, back]
  slow:
    image: busybox:latest
    command: ["sh", "-c", "sleep 3; touch /tmp/ok; exec sleep 3600"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ok"]
    networks: [back]
networks:
  front: {}
  back: {}
x-testbed:
  jobs:
    sleeper:
      image: busybox:latest
      command: ["sleep", "300"]
      when: manual
  tests:
    patient:
      image: busybox:latest
      command: ["sh", "-c", "sleep 15; wget -qO- http://web/"]
      expect: { stdout: { contains: ok } }
`;

/** The CLI as a child process the test can watch and kill. */
function spawnCli(p: TempProject, args: string[]): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: p.dir, env: { ...process.env, TESTBED_STATE_DIR: p.stateDir, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 110_000);
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code: code ?? -1, stdout, stderr });
    }),
  );
  return { child, done };
}

/** Polls (bounded) until the condition holds. */
async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lockFile = (p: TempProject, set: string) => join(p.stateDir, p.name, set, 'lock');
const exists = (path: string) => access(path).then(() => true, () => false);

async function states(p: TempProject, set: string): Promise<string[]> {
  return (await (await p.set(set)).status()).map((r) => `${r.service}:${r.state}`);
}

describe.skipIf(skipWithoutEngine)('two commands on one set at once', () => {
  let p: TempProject;
  beforeAll(async () => {
    p = await tempProject('lock', compose);
  });
  afterAll(() => p.cleanup());

  it('two concurrent up of one set end with exactly one network per declared network and a working set', async () => {
    const expected = [`${p.name}-race-back`, `${p.name}-race-front`];
    for (let round = 1; round <= 3; round++) {
      const [a, b] = await Promise.all([p.cli(['up', 'race']), p.cli(['up', 'race'])]);
      expect([a.code, b.code], `round ${round}:\n${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
      // One of them waited for the other, and said so.
      expect(a.stderr + b.stderr).toMatch(/set race is busy: `up` \(pid \d+, since [\d:]+, \d+s ago\); waiting until it is done/);
      expect(await networkNames(p, 'race')).toEqual(expected);
      expect(await states(p, 'race')).toEqual(['slow:running', 'web:running']);
      expect((await httpGet(await (await p.set('race')).url('web', 80))).body).toBe('ok\n');
      // Networks are made afresh in the next round, where two `up` once made two of each.
      if (round < 3) expect((await p.cli(['destroy', 'race'])).code).toBe(0);
    }
  });

  it('snapshot during up waits for up to finish, and leaves every service running', async () => {
    const up = spawnCli(p, ['up', 'snap']);
    await until('up holds the lock', () => exists(lockFile(p, 'snap')));
    const snapshot = await p.cli(['snapshot', 'snap', 'during-up']);
    const upped = await up.done;
    expect(upped.code, upped.stderr).toBe(0);
    expect(snapshot.code, snapshot.stderr).toBe(0);
    expect(snapshot.stderr).toMatch(/set snap is busy: `up` \(pid \d+/);
    expect(await states(p, 'snap')).toEqual(['slow:running', 'web:running']);
    expect((await p.cli(['snapshot', 'rm', 'during-up'])).code).toBe(0);
  });

  it('a second command with --no-wait fails at once with exit 21, saying who holds the set; read verbs do not wait', async () => {
    const set = await p.set('race');
    let release!: () => void;
    const held = withSetLock(set.context, 'hold-by-test', {}, () => new Promise<void>((resolve) => (release = resolve)));
    await until('the test holds the lock', () => exists(lockFile(p, 'race')));
    try {
      const stop = await p.cli(['stop', 'race', '--no-wait']);
      expect(stop.code).toBe(21);
      expect(stop.stderr).toMatch(new RegExp(`error: set race is busy: \`hold-by-test\` \\(pid ${process.pid}, since [\\d:]+, \\d+s ago\\) is working on it`));
      expect(stop.stderr).toContain('hint: Run the command again once that one is done');

      const bounded = await p.cli(['destroy', 'race', '--lock-timeout', '2s']);
      expect(bounded.code).toBe(21);
      expect(bounded.stderr).toContain('waiting until it is done');
      expect(bounded.stderr).toMatch(/still busy after 2s/);

      const status = await p.cli(['status', 'race']);
      expect(status.code).toBe(0);
      expect(await states(p, 'race')).toEqual(['slow:running', 'web:running']);
    } finally {
      release();
      await held;
    }
    expect(await exists(lockFile(p, 'race'))).toBe(false);
  });

  it('a lock left by a command killed with SIGKILL is taken over by the next command at once', async () => {
    const up = spawnCli(p, ['up', 'killed']);
    await until('up holds the lock', () => exists(lockFile(p, 'killed')));
    const pid = up.child.pid;
    up.child.kill('SIGKILL');
    await up.done;
    expect(await exists(lockFile(p, 'killed'))).toBe(true);

    const next = await p.cli(['up', 'killed', '--no-wait']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(new RegExp(`set killed was left locked by \`up\` \\(pid ${pid}, .*\\), which is gone; taking over`));
    expect(await exists(lockFile(p, 'killed'))).toBe(false);
  });

  it("a run killed with SIGKILL leaves its one-off container, which the next command removes; a live test's is kept", async () => {
    expect((await p.cli(['up', 'killed'])).code).toBe(0);
    const run = spawnCli(p, ['run', 'killed', 'sleeper']);
    await until('the job runs in its one-off container', async () => (await oneOffNames(p, 'killed')).length === 1);
    run.child.kill('SIGKILL');
    await run.done;
    const leftByRun = await oneOffNames(p, 'killed');
    expect(leftByRun).toHaveLength(1);

    // A test runs beside the next command, in a one-off container of its own, and must not lose it.
    const test = spawnCli(p, ['test', 'killed', 'patient']);
    await until('the test runs in its one-off container', async () => (await oneOffNames(p, 'killed')).length === 2);
    const testsOwn = (await oneOffNames(p, 'killed')).filter((n) => !leftByRun.includes(n));

    const next = await p.cli(['up', 'killed']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`${leftByRun[0]} removed (left over by a run whose process is gone)`);
    const left = await oneOffNames(p, 'killed');
    expect(left).toEqual(testsOwn);

    const tested = await test.done;
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
    expect(await oneOffNames(p, 'killed')).toEqual([]);
  });
});
