/**
 * An engine that answers ping and then stalls, met from the command line: ls, status and up
 * end with ENGINE_TIMEOUT (exit 20) and a hint, and the first Ctrl-C ends a command at once.
 * Needs no real engine: the stalled one is a small server in the test.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stalledEngine, type StalledEngine } from '../../support/stalled-engine.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'testbed.js');

let engine: StalledEngine;
let dir: string;

beforeAll(async () => {
  engine = await stalledEngine();
  dir = await mkdtemp(join(tmpdir(), 'testbed-stalled-cli-'));
  await writeFile(join(dir, 'compose.yaml'), 'name: stalled\nservices:\n  app:\n    image: busybox:latest\n    command: sleep 3600\n');
});

afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

/** Runs the CLI; `interruptAfterStall` sends SIGINT once the engine holds an unanswered request. */
function testbed(args: string[], env: Record<string, string>, interruptAfterStall = false): Promise<Run & { stoppedInMs?: number }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...process.env, DOCKER_HOST: engine.dockerHost, TESTBED_STATE_DIR: join(dir, '.state'), NO_COLOR: '1', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const started = Date.now();
  let interruptedAt: number | undefined;
  const stallsBefore = engine.stalled.length;
  const poll = interruptAfterStall
    ? setInterval(() => {
        if (engine.stalled.length > stallsBefore && interruptedAt === undefined) {
          interruptedAt = Date.now();
          child.kill('SIGINT');
        }
      }, 20)
    : undefined;
  // Bounded: a hang fails the test instead of holding the suite.
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(guard);
      resolve({ code, signal, stderr, ms: Date.now() - started, ...(interruptedAt ? { stoppedInMs: Date.now() - interruptedAt } : {}) });
    });
  });
}

describe('a stalled engine', () => {
  for (const args of [['ls'], ['status', 'demo'], ['up', 'demo']]) {
    it(`testbed ${args.join(' ')} fails with ENGINE_TIMEOUT (exit 20) and a hint, after TESTBED_ENGINE_TIMEOUT`, async () => {
      const run = await testbed(args, { TESTBED_ENGINE_TIMEOUT: '1s' });
      expect(run.stderr).toMatch(/error: the engine at unix:\/\/.* did not answer in 1s when asked to /);
      expect(run.stderr).toContain('TESTBED_ENGINE_TIMEOUT');
      expect(run.code).toBe(20);
      expect(run.ms).toBeLessThan(15_000);
    });
  }

  for (const args of [['ls'], ['status', 'demo'], ['up', 'demo']]) {
    it(`the first Ctrl-C ends testbed ${args.join(' ')} at once with exit 130, however long the timeout`, async () => {
      const run = await testbed(args, { TESTBED_ENGINE_TIMEOUT: '10m' }, true);
      expect(run.stoppedInMs).toBeDefined();
      expect(run.code).toBe(130);
      expect(run.stoppedInMs).toBeLessThan(2000);
      expect(run.stderr).toContain('interrupted');
    });
  }
});
