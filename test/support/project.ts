/**
 * Temporary projects for integration tests: a Compose file in a fresh directory, a private
 * state folder, and cleanup that removes every set the test made (containers, networks,
 * volumes, built images) so nothing is left on the engine.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFile } from 'node:child_process';
import { Testbed } from '../../src/api/testbed.js';
import type { TestbedSet } from '../../src/api/testbed-set.js';
import { uniqueName } from './engine.js';

export interface TempProject {
  dir: string;
  stateDir: string;
  /** Unique project name, so parallel test files never share sets. */
  name: string;
  file: string;
  write(relPath: string, content: string): Promise<void>;
  open(extra?: Partial<Parameters<typeof Testbed.open>[0]>): Promise<Testbed>;
  set(name: string): Promise<TestbedSet>;
  /** Runs bin/testbed.js in the project directory (or `cwd`) with a private state dir. */
  cli(args: string[], options?: { env?: Record<string, string>; timeoutMs?: number; cwd?: string }): Promise<CliResult>;
  cleanup(): Promise<void>;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'testbed.js');

export async function tempProject(prefix: string, compose: string): Promise<TempProject> {
  const dir = await mkdtemp(join(tmpdir(), `testbed-${prefix}-`));
  const stateDir = join(dir, '.state');
  const name = uniqueName(prefix);
  const file = join(dir, 'compose.yaml');
  await writeFile(file, `name: ${name}\n${compose}`);
  const made = new Set<string>();

  const project: TempProject = {
    dir,
    stateDir,
    name,
    file,
    async write(relPath, content) {
      await mkdir(dirname(join(dir, relPath)), { recursive: true });
      await writeFile(join(dir, relPath), relPath === 'compose.yaml' ? `name: ${name}\n${content}` : content);
    },
    open(extra = {}) {
      return Testbed.open({ cwd: dir, stateDir, ...extra });
    },
    async set(setName) {
      made.add(setName);
      return (await project.open()).set(setName);
    },
    cli(args, options = {}) {
      for (let i = 0; i < args.length; i++) if (['up', 'create', 'build'].includes(args[i]!) && args[i + 1]) made.add(args[i + 1]!);
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          [BIN, ...args],
          {
            cwd: options.cwd ?? dir,
            env: { ...process.env, TESTBED_STATE_DIR: stateDir, NO_COLOR: '1', ...options.env },
            timeout: options.timeoutMs ?? 120_000,
          },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      });
    },
    async cleanup() {
      const tb = await Testbed.open({ cwd: dir, stateDir, requireProject: false }).catch(() => undefined);
      if (tb) {
        const sets = (await tb.listSets()).filter((s) => s.project === name);
        // By project, without loading its files: a test may have changed or removed them.
        const set = (setName: string) => tb.set(setName, { project: name, needsProject: false });
        for (const s of sets) await (await set(s.set)).remove({ images: true });
        for (const s of made) await (await set(s)).remove({ images: true }).catch(() => undefined);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
  return project;
}

/** GET over HTTP from the host, to a loopback address only. */
export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  if (!/^http:\/\/127\./.test(url)) throw new Error(`tests only reach loopback addresses, not ${url}`);
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

