/**
 * `testbed completion bash` as a user installs it: the printed script sourced in a real bash,
 * its function called as bash's completion calls it (COMP_WORDS, COMP_CWORD), the candidates
 * read from COMPREPLY. Names come from the real engine and the project's files.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'testbed.js');

const COMPOSE = `
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "exec httpd -f -p 80 -h /"]
  worker:
    image: busybox:latest
    command: ["sleep", "3600"]
    profiles: [background]
x-testbed:
  jobs:
    seed:
      image: busybox:latest
      command: ["true"]
      when: manual
  tests:
    smoke:
      service: web
      command: "true"
    slow-smoke:
      service: web
      command: "true"
`;

describe.skipIf(skipWithoutEngine)('bash completion', () => {
  let p: TempProject;
  let shim: string;

  beforeAll(async () => {
    p = await tempProject('compl', COMPOSE);
    // `testbed` on PATH, as an installed CLI is, with this project's private state folder.
    shim = await mkdtemp(join(tmpdir(), 'testbed-shim-'));
    await writeFile(join(shim, 'testbed'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    await chmod(join(shim, 'testbed'), 0o755);
    const up = await p.cli(['up', 'alpha']);
    expect(up.code, up.stderr).toBe(0);
    const snap = await p.cli(['snapshot', 'alpha', 'clean']);
    expect(snap.code, snap.stderr).toBe(0);
  });
  afterAll(async () => {
    await p.cleanup();
    await rm(shim, { recursive: true, force: true });
  });

  /** The candidates bash offers for `line` (a trailing space starts a new, empty word). */
  function complete(line: string): Promise<string[]> {
    const words = line.split(' ');
    const script = [
      'source <(testbed completion bash)',
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      `COMP_LINE='${line}'`,
      `COMP_POINT=${line.length}`,
      '_testbed_complete',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    return new Promise((resolve, reject) => {
      execFile('bash', ['--norc', '--noprofile', '-c', script], {
        cwd: p.dir,
        env: { ...process.env, PATH: `${shim}:${process.env.PATH}`, TESTBED_STATE_DIR: p.stateDir },
        timeout: 60_000,
      }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.split('\n').filter(Boolean))));
    });
  }

  it('completes verbs and a verb\'s options', async () => {
    expect(await complete('testbed sn')).toEqual(['snapshot']);
    expect(await complete('testbed com')).toEqual(['completion']);
    expect((await complete('testbed up --re')).sort()).toEqual(['--reconfigure', '--remove-orphans']);
    expect(await complete('testbed completion ')).toEqual(['bash', 'zsh', 'fish']);
    expect((await complete('testbed snapshot i')).sort()).toEqual(['import', 'inspect']);
  });

  it('completes the sets on the engine, and a set\'s services, tests and jobs', async () => {
    expect(await complete('testbed logs ')).toContain('alpha');
    expect(await complete('testbed status al')).toEqual(['alpha']);
    expect(await complete('testbed logs alpha ')).toEqual(['web']);
    expect(await complete('testbed test alpha ')).toEqual(['slow-smoke', 'smoke']);
    expect(await complete('testbed test alpha sm')).toEqual(['smoke']);
    expect(await complete('testbed run alpha ')).toEqual(['seed']);
  });

  it('completes snapshots, profiles, and files where an option takes a path', async () => {
    expect(await complete('testbed up beta --from ')).toEqual(['clean']);
    expect(await complete('testbed snapshot inspect ')).toEqual(['clean']);
    expect(await complete('testbed up --profile ')).toEqual(['background']);
    expect(await complete('testbed -f comp')).toEqual(['compose.yaml']);
  });
});
