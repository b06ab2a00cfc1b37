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
import { removeSnapshots } from '../../support/snapshots.js';

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
    await removeSnapshots(p.name);
    await rm(shim, { recursive: true, force: true });
  });

  /** Asks bash for every line at once (each is its own bash and node), then checks them in order. */
  async function expectCompletions(cases: [line: string, expected: string[], sorted?: boolean][]): Promise<void> {
    const got = await Promise.all(cases.map(([line]) => complete(line)));
    cases.forEach(([line, expected, sorted], i) => expect(sorted ? [...got[i]!].sort() : got[i], line).toEqual(expected));
  }

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
    await expectCompletions([
      ['testbed sn', ['snapshot']],
      ['testbed com', ['completion']],
      ['testbed up --re', ['--reconfigure', '--remove-orphans'], true],
      ['testbed completion ', ['bash', 'zsh', 'fish']],
      ['testbed snapshot i', ['import', 'inspect'], true],
    ]);
  });

  it('completes the sets on the engine, and a set\'s services, tests and jobs', async () => {
    expect(await complete('testbed logs ')).toContain('alpha');
    await expectCompletions([
      ['testbed status al', ['alpha']],
      ['testbed logs alpha ', ['web']],
      ['testbed test alpha ', ['slow-smoke', 'smoke']],
      ['testbed test alpha sm', ['smoke']],
      ['testbed run alpha ', ['seed']],
    ]);
  });

  it('completes snapshots, profiles, and files where an option takes a path', async () => {
    await expectCompletions([
      ['testbed up beta --from ', ['clean']],
      ['testbed snapshot inspect ', ['clean']],
      ['testbed up --profile ', ['background']],
      ['testbed -f comp', ['compose.yaml']],
    ]);
  });
});
