/**
 * Real bash, zsh and fish for the completion scripts' tests, each asked for completions the way
 * a user's Tab asks it. Without zsh or fish the tests are skipped with a reason; with CI=true
 * they fail, as engine tests do (scripts/shells-setup.sh installs them).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type ShellName = 'bash' | 'zsh' | 'fish';

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const shellInstalled: Record<ShellName, boolean> = { bash: onPath('bash'), zsh: onPath('zsh'), fish: onPath('fish') };

const missing = (Object.keys(shellInstalled) as ShellName[]).filter((s) => !shellInstalled[s]);
if (missing.length > 0 && process.env.CI === 'true') {
  throw new Error(`CI=true and ${missing.join(', ')} not installed: the completion tests must not be skipped. Run bash scripts/shells-setup.sh first.`);
}

/** Where and with what the shell runs: `testbed` on PATH, the project's folder and state. */
export interface ShellContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** What the user sees after asking for completions of `line`. */
export interface Completed {
  /** The candidates offered, in the order the shell gives them. */
  candidates: string[];
  /** The command line afterwards (only zsh's Tab changes it here). */
  line: string;
}

function run(file: string, args: string[], context: ShellContext): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...context, timeout: 60_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${file} ${args.join(' ')}: ${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

const lines = (text: string): string[] => text.split('\n').filter(Boolean);

/**
 * bash: the script sourced as the README says, its function called as bash's completion calls
 * it (COMP_WORDS, COMP_CWORD), the candidates read from COMPREPLY. Like bash, the words are split
 * at '=' too (it is in COMP_WORDBREAKS): `--from=cl` is `--from`, `=`, `cl`; `--from=` is `--from`, `=`.
 */
export async function completeInBash(line: string, context: ShellContext): Promise<Completed> {
  const words = line.split(' ').flatMap((word) => word.split(/(=)/).filter((part, _, parts) => part !== '' || parts.length === 1));
  const script = [
    'source <(testbed completion bash)',
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE='${line}'`,
    `COMP_POINT=${line.length}`,
    '_testbed_complete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  return { candidates: lines(await run('bash', ['--norc', '--noprofile', '-c', script], context)), line };
}

const ZSH_DRIVER = join(import.meta.dirname, 'zsh-complete.zsh');
export const ZSH_TAB = '\t';
/** list-choices, as bound by zsh-complete.zsh: lists the matches without changing the line. */
export const ZSH_LIST = '\x18l';

/**
 * zsh: an interactive zsh in a pseudo-terminal runs `zshrc` (compinit and the script), the line
 * is typed and `keys` pressed (zsh-complete.zsh); the candidates are the listing the terminal
 * shows under the line.
 */
export async function completeInZsh(zshrc: string, line: string, context: ShellContext, keys = ZSH_LIST): Promise<Completed> {
  const out = await run('zsh', ['-f', ZSH_DRIVER, zshrc, line, keys], { ...context, env: { ...context.env, TERM: 'dumb' } });
  const shown = out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '').split('\n');
  const end = shown.findIndex((l) => l.startsWith('<%P>') || l.startsWith('<<LINE:'));
  // shown[0] echoes the typed line; the listing comes below it, before the prompt is drawn again.
  const candidates = shown.slice(1, end).flatMap((l) => l.split(/\s+/)).filter(Boolean);
  const after = /<<LINE:(.*)>>/.exec(out);
  if (end < 0 || !after) throw new Error(`zsh showed no completion for ${JSON.stringify(line)}:\n${out}`);
  return { candidates, line: after[1]! };
}

/**
 * fish: the script installed where the README puts it (`configHome`/fish/completions, as
 * XDG_CONFIG_HOME), and `complete -C LINE`, which lists what fish's Tab offers (a tab, then
 * any description, follows each candidate).
 */
export async function completeInFish(configHome: string, line: string, context: ShellContext): Promise<Completed> {
  const env = { ...context.env, XDG_CONFIG_HOME: configHome, XDG_DATA_HOME: join(configHome, 'data') };
  const out = await run('fish', ['-c', 'complete --do-complete=$argv[1]', '--', line], { ...context, env });
  return { candidates: lines(out).map((l) => l.split('\t')[0]!), line };
}
