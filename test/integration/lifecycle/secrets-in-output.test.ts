/**
 * Secrets a service, a job or a test prints: masked where Testbed shows them (`logs`), shown
 * with --reveal, and kept in stored output files only the user can read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const COMPOSE = `
x-testbed:
  secrets:
    token: { generate: { length: 24 } }
    api_key: { environment: TB_LEAK_API_KEY }
  jobs:
    show:
      service: app
      command: ["sh", "-c", "echo job sees $$TOKEN"]
      environment: { TOKEN: "{{ secrets.token }}" }
      when: manual
  tests:
    prints:
      service: app
      command: ["sh", "-c", "echo test sees $$TOKEN; echo $$TOKEN > /tmp/artifact.txt"]
      expect:
        files: [ { service: app, path: /tmp/artifact.txt } ]
services:
  app:
    image: busybox:latest
    command: ["sh", "-c", "echo app token is $$TOKEN; echo app key is $$API_KEY; exec sleep 3600"]
    stop_signal: SIGKILL
    x-testbed:
      secret_environment: { TOKEN: token, API_KEY: api_key }
`;

const API_KEY = 'key-from-the-environment-7f3a';

/** Every file and folder under a path, with its permission bits. */
async function modes(root: string): Promise<{ path: string; dir: boolean; mode: number }[]> {
  const out: { path: string; dir: boolean; mode: number }[] = [];
  const walk = async (path: string) => {
    const s = await stat(path);
    out.push({ path, dir: s.isDirectory(), mode: s.mode & 0o777 });
    if (s.isDirectory()) for (const name of await readdir(path)) await walk(join(path, name));
  };
  await walk(root);
  return out;
}

describe.skipIf(skipWithoutEngine)('secrets that services, jobs and tests print', () => {
  let p: TempProject;
  let token: string;

  beforeAll(async () => {
    // The provided secret, for the CLI and for the in-process API alike.
    process.env.TB_LEAK_API_KEY = API_KEY;
    p = await tempProject('leaklog', COMPOSE);
    const up = await p.cli(['up', 's']);
    expect(up.code, up.stderr).toBe(0);
    token = (await (await p.set('s')).secrets({ reveal: true })).find((s) => s.name === 'token')!.value;
  });
  afterAll(() => p.cleanup());

  it('logs masks the secret values a service prints, and --reveal shows them', async () => {
    const masked = await p.cli(['logs', 's']);
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stdout).toMatch(/^app\s*\| app token is \*{8}$/m);
    expect(masked.stdout).toMatch(/^app\s*\| app key is \*{8}$/m);
    const json = await p.cli(['logs', 's', '--json']);
    for (const out of [masked.stdout, masked.stderr, json.stdout]) {
      expect(out).not.toContain(token);
      expect(out).not.toContain(API_KEY);
    }
    const revealed = await p.cli(['logs', 's', '--reveal']);
    expect(revealed.stdout).toContain(`app token is ${token}`);
    expect(revealed.stdout).toContain(`app key is ${API_KEY}`);
  });

  it('stored job and test output, which holds what was printed, is 0600 in 0700 folders', async () => {
    expect((await p.cli(['run', 's', 'show'])).code).toBe(0);
    const tested = await p.cli(['test', 's', 'prints']);
    expect(tested.code, tested.stderr).toBe(0);
    const folder = join(p.stateDir, p.name, 's');
    const jobs = await modes(join(folder, 'jobs'));
    const tests = await modes(join(folder, 'tests'));
    const stdout = jobs.find((f) => f.path.endsWith('stdout'))!;
    expect(await readFile(stdout.path, 'utf8')).toBe(`job sees ${token}\n`);
    expect(tests.map((f) => f.path.slice(folder.length))).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/prints\/stdout$/), expect.stringMatching(/\/prints\/result\.json$/), expect.stringMatching(/\/run\.json$/)]),
    );
    // Artifacts keep the container's mode; every other file and every folder is private.
    const wrong = [...jobs, ...tests]
      .filter((f) => !/\/artifacts\//.test(f.path) || f.dir)
      .filter((f) => f.mode !== (f.dir ? 0o700 : 0o600))
      .map((f) => `${f.path.slice(folder.length)} ${f.mode.toString(8)}`);
    expect(wrong).toEqual([]);
  });
});
