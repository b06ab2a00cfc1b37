/**
 * Hostile and huge input at the command line: each fails at once with exit 2 (or 64, or 130
 * for Ctrl-C) and a message with file:line:col, and nothing is made on the engine.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectEngine } from '../../../src/engine/connect.js';
import { LABEL } from '../../../src/plan/labels.js';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';
import { aliasBomb } from '../../support/hostile-inputs.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'testbed.js');
const APP = 'services:\n  app:\n    image: busybox:latest\n    command: ["sleep", "3600"]\n';

describe.skipIf(skipWithoutEngine)('hostile and huge input at the command line', () => {
  const projects: TempProject[] = [];
  const outside: string[] = [];
  afterAll(async () => {
    for (const p of projects) await p.cleanup();
    for (const dir of outside) await rm(dir, { recursive: true, force: true });
  });

  async function project(prefix: string, compose: string): Promise<TempProject> {
    const p = await tempProject(prefix, compose);
    projects.push(p);
    return p;
  }

  async function expectNothingMade(p: TempProject): Promise<void> {
    const engine = await connectEngine();
    const labels = { [LABEL.project]: p.name };
    expect(await engine.listContainers(labels)).toEqual([]);
    expect(await engine.listNetworks(labels)).toEqual([]);
    expect(await engine.listVolumes(labels)).toEqual([]);
  }

  function expectNoStackTrace(stderr: string): void {
    expect(stderr).not.toMatch(/this is a bug|Maximum call stack|^\s+at /m);
  }

  it('a 600-byte alias bomb in an unused x- key: config -q and up fail at once with the position', async () => {
    const p = await project('bomb', `x-bomb:\n${aliasBomb('  ')}${APP}`);
    const started = Date.now();
    const config = await p.cli(['config', '-q'], { timeoutMs: 60_000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/compose\.yaml:\d+:\d+: YAML: aliases expand the file to more than 100000 values/);
    expectNoStackTrace(config.stderr);
    const up = await p.cli(['up', 'b'], { timeoutMs: 60_000 });
    expect(up.code).toBe(2);
    await expectNothingMade(p);
  });

  it('Ctrl-C while config loads a large file stops it with exit 130, not after finishing', async () => {
    const p = await project('sigint', APP);
    const environment = Array.from({ length: 80_000 }, (_, i) => `      VAR_${i}: value-${i}\n`).join('');
    await p.write('compose.yaml', `${APP}    environment:\n${environment}`);
    // SIGINT once the CLI runs (it has printed its version as fast), while the file is still loading.
    const startup = await timed(['--version'], p.dir);
    const run = await timed(['config', '-q'], p.dir, startup.ms + 500);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('interrupted while loading the project');
    expectNoStackTrace(run.stderr);
  });

  it('an empty Compose file: up fails with exit 2 and makes nothing', async () => {
    const p = await project('empty', APP);
    await writeFile(p.file, '');
    const up = await p.cli(['-p', p.name, 'up', 'b']);
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('compose.yaml:1:1: services: the Compose file is empty');
    await expectNothingMade(p);
  });

  it('profiles that leave every service out: up says no service selected, exit 64, and makes nothing', async () => {
    const p = await project('noprofile', 'services:\n  app:\n    image: busybox:latest\n    profiles: [debug]\n');
    const up = await p.cli(['up', 'b']);
    expect(up.code).toBe(64);
    expect(up.stderr).toMatch(/no service selected: every service of project \S+ \(app\) needs a profile that is not enabled/);
    expect(up.stderr).toContain('--profile');
    await expectNothingMade(p);
  });

  it('scale and a secret length of a billion fail up at once with their positions, and make nothing', async () => {
    const p = await project('huge', `${APP}    scale: 1000000000\nx-testbed:\n  secrets:\n    tok: { generate: { length: 1000000000 } }\n`);
    const up = await p.cli(['up', 'b'], { timeoutMs: 60_000 });
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/compose\.yaml:6:12: services\.app\.scale: 1000000000 is out of range; expected 0 to 100/);
    expect(up.stderr).toMatch(/compose\.yaml:9:32: x-testbed\.secrets\.tok\.generate\.length: 1000000000 is out of range; expected 1 to 4096/);
    await expectNothingMade(p);
  });

  it('a job mount of ../../../../../ is refused before anything is made', async () => {
    const p = await project('mount', `${APP}x-testbed:\n  jobs:\n    peek: { image: busybox:latest, command: [ls, /host], mounts: ["../../../../../:/host"] }\n`);
    const up = await p.cli(['up', 'b']);
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/compose\.yaml:\d+:\d+: x-testbed\.jobs\.peek\.mounts\[0\]: "\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/:\/host": .* is outside the project directory/);
    await expectNothingMade(p);
  });

  it('a config template that includes a file outside the project fails up, and the file never shows', async () => {
    const secretDir = await mkdtemp(join(tmpdir(), 'testbed-outside-'));
    outside.push(secretDir);
    await writeFile(join(secretDir, 'secret.txt'), 'OUTSIDE-SECRET-42');
    const p = await project('include', `configs:\n  app:\n    file: ./app.conf.liquid\n${APP}    configs: [{ source: app, target: /etc/app.conf }]\n`);
    await p.write('app.conf.liquid', `key = {% include '../${basename(secretDir)}/secret.txt' %}\n`);
    const up = await p.cli(['up', 'b']);
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/app\.conf\.liquid:1:\d+: template configs\.app: .*is outside the project directory/);
    expect(up.stderr + up.stdout).not.toContain('OUTSIDE-SECRET-42');
    await expectNothingMade(p);
  });
});

/** Runs the CLI in `cwd`; with `interruptAfterMs`, sends SIGINT then. */
function timed(args: string[], cwd: string, interruptAfterMs?: number): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = interruptAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGINT'), interruptAfterMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}
