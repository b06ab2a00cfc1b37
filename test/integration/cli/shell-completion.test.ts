/**
 * `testbed completion bash|zsh|fish` as a user installs each: the printed script run by a real
 * bash, zsh (compinit, Tab in a pseudo-terminal) and fish, asked for the same lines; names come
 * from a real set on the engine and the project's files. One set serves the three shells.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutEngine } from '../../support/engine.js';
import { tempProject, type TempProject } from '../../support/project.js';
import {
  completeInBash,
  completeInFish,
  completeInZsh,
  shellInstalled,
  ZSH_TAB,
  type Completed,
  type ShellContext,
  type ShellName,
} from '../../support/shells.js';
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

/** A line typed, and the candidates offered, in bash's order (zsh and fish sort theirs). */
type Case = [line: string, expected: string[], how?: 'any order' | 'among others'];

const VERBS_AND_OPTIONS: Case[] = [
  ['testbed st', ['start', 'status', 'stop'], 'any order'],
  ['testbed sn', ['snapshot']],
  ['testbed com', ['completion']],
  ['testbed up --re', ['--reconfigure', '--remove-orphans'], 'any order'],
  ['testbed completion ', ['bash', 'zsh', 'fish']],
  ['testbed snapshot i', ['import', 'inspect'], 'any order'],
];
const SETS_AND_THEIR_NAMES: Case[] = [
  ['testbed logs ', ['alpha'], 'among others'],
  ['testbed status al', ['alpha']],
  ['testbed logs alpha ', ['web']],
  ['testbed test alpha ', ['slow-smoke', 'smoke']],
  ['testbed test alpha sm', ['smoke']],
  ['testbed run alpha ', ['seed']],
];
const SNAPSHOTS_PROFILES_FILES: Case[] = [
  ['testbed up beta --from ', ['clean']],
  ['testbed snapshot inspect ', ['clean']],
  ['testbed up --profile ', ['background']],
  ['testbed -f comp', ['compose.yaml']],
];

/** `--option=<Tab>`: bash and zsh list the values; fish lists the whole word, as it will write it. */
const AFTER_EQUALS: [line: string, option: string, values: string[]][] = [
  ['testbed up beta --from=', '--from=', ['clean']],
  ['testbed up --profile=b', '--profile=', ['background']],
  ['testbed up --publish=', '--publish=', ['loopback', 'ephemeral']],
  ['testbed --env-file=comp', '--env-file=', ['compose.yaml']],
];
const valuesAfterEquals = (shell: ShellName): Case[] =>
  AFTER_EQUALS.map(([line, option, values]) => [line, shell === 'fish' ? values.map((v) => option + v) : values]);

const sorted = (names: string[]): string[] => [...names].sort();

describe.skipIf(skipWithoutEngine)('shell completion', () => {
  let p: TempProject;
  let home: string;
  let context: ShellContext;

  beforeAll(async () => {
    p = await tempProject('compl', COMPOSE);
    // `testbed` on PATH, as an installed CLI is, with this project's private state folder.
    home = await mkdtemp(join(tmpdir(), 'testbed-shells-'));
    await mkdir(join(home, 'bin'));
    await writeFile(join(home, 'bin', 'testbed'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    await chmod(join(home, 'bin', 'testbed'), 0o755);
    context = { cwd: p.dir, env: { ...process.env, HOME: home, PATH: `${join(home, 'bin')}:${process.env.PATH}`, TESTBED_STATE_DIR: p.stateDir } };
    const up = await p.cli(['up', 'alpha']);
    expect(up.code, up.stderr).toBe(0);
    const snap = await p.cli(['snapshot', 'alpha', 'clean']);
    expect(snap.code, snap.stderr).toBe(0);
  });
  afterAll(async () => {
    await p.cleanup();
    await removeSnapshots(p.name);
    await rm(home, { recursive: true, force: true });
  });

  /** Installs a script as the README says: `testbed completion SHELL > FILE`. */
  async function install(shell: ShellName, file: string): Promise<void> {
    const printed = await p.cli(['completion', shell]);
    expect(printed.code, printed.stderr).toBe(0);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, printed.stdout);
  }

  const ZSHRC = 'autoload -Uz compinit && compinit -u -D && source <(testbed completion zsh)';
  const FISH_CONFIG = () => join(home, '.config');
  const ask: Record<ShellName, (line: string) => Promise<Completed>> = {
    bash: (line) => completeInBash(line, context),
    zsh: (line) => completeInZsh(ZSHRC, line, context),
    fish: (line) => completeInFish(FISH_CONFIG(), line, context),
  };

  /** Asks the shell for every line at once (each is its own shell and node), then checks them in order. */
  async function expectCompletions(shell: ShellName, cases: Case[]): Promise<void> {
    const got = await Promise.all(cases.map(([line]) => ask[shell](line)));
    cases.forEach(([line, expected, how], i) => {
      const { candidates } = got[i]!;
      if (how === 'among others') expect(candidates, line).toEqual(expect.arrayContaining(expected));
      else if (shell === 'bash' && how !== 'any order') expect(candidates, line).toEqual(expected);
      else expect(sorted(candidates), line).toEqual(sorted(expected));
    });
  }

  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    describe.skipIf(!shellInstalled[shell])(`in ${shell}`, () => {
      beforeAll(async () => {
        if (shell === 'fish') await install('fish', join(FISH_CONFIG(), 'fish', 'completions', 'testbed.fish'));
      });

      it('completes verbs and a verb\'s options', async () => {
        await expectCompletions(shell, VERBS_AND_OPTIONS);
      });

      it('completes the sets on the engine, and a set\'s services, tests and jobs', async () => {
        await expectCompletions(shell, SETS_AND_THEIR_NAMES);
      });

      it('completes snapshots, profiles, and files where an option takes a path', async () => {
        await expectCompletions(shell, SNAPSHOTS_PROFILES_FILES);
      });

      it('completes the value of an option written --option=value', async () => {
        await expectCompletions(shell, valuesAfterEquals(shell));
      });
    });
  }

  describe.skipIf(!shellInstalled.zsh)('zsh from fpath', () => {
    it('Tab writes the one match into the line, with the script installed as _testbed in fpath', async () => {
      const functions = join(home, '.zfunc');
      await install('zsh', join(functions, '_testbed'));
      const zshrc = `fpath=(${functions} $fpath) && autoload -Uz compinit && compinit -u -D`;
      const [verb, set, value, listed] = await Promise.all([
        completeInZsh(zshrc, 'testbed sn', context, ZSH_TAB),
        completeInZsh(zshrc, 'testbed logs alpha w', context, ZSH_TAB),
        completeInZsh(zshrc, 'testbed up beta --from=cl', context, ZSH_TAB),
        completeInZsh(zshrc, 'testbed st', context),
      ]);
      expect(verb.line).toBe('testbed snapshot ');
      expect(set.line).toBe('testbed logs alpha web ');
      expect(value.line).toBe('testbed up beta --from=clean ');
      expect(listed.candidates).toEqual(['start', 'status', 'stop']);
    });
  });
});
