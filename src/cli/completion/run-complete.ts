/**
 * `testbed __complete -- WORDS...`: the hidden answer behind the completion scripts. It never
 * fails: whatever goes wrong (no engine, files that do not load), it prints fewer names.
 */
import { namesOf } from '../../api/names.js';
import type { LoadOptions } from '../../api/project.js';
import type { Command } from 'commander';
import type { CliRuntime } from '../cli-context.js';
import { completeWords } from './complete-words.js';

/** bash splits `--opt=value` into three words (`--opt=` with nothing after it, into two); join them back. */
function joinEquals(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '=' && out.length > 0) out.push(`${out.pop()}=${i + 1 < words.length ? words[++i] : ''}`);
    else out.push(words[i]!);
  }
  return out;
}

/** @param program the whole program: every verb's options and arguments are read from it */
export async function runComplete(program: Command, args: string[], runtime: CliRuntime, write: (text: string) => void): Promise<number> {
  const words = joinEquals(args[0] === '--' ? args.slice(1) : args);
  const { completion, globals } = completeWords(program, words.length > 0 ? words : ['']);
  if ('files' in completion) return void write('files\n'), 0;
  let candidates: string[] = [];
  if ('words' in completion) candidates = completion.words;
  else if ('names' in completion) {
    const load: LoadOptions = {
      files: globals.file,
      projectDirectory: globals.projectDirectory,
      projectName: globals.projectName,
      envFiles: globals.envFile,
      profiles: globals.profile,
      signal: runtime.signal,
    };
    const names = await namesOf({ kind: completion.names, load, ...(completion.set ? { set: completion.set } : {}) });
    candidates = [...names.map((n) => `${completion.prefix ?? ''}${n}`), ...(completion.also ?? [])];
  }
  write(['words', ...candidates].join('\n') + '\n');
  return 0;
}
