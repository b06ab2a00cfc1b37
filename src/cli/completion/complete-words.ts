/**
 * What a Tab press after `testbed ...` may complete to: read the words typed so far against the
 * CLI's own commands, options and arguments, and say which kind of name the word is. The
 * shell scripts (scripts.ts) stay small and alike: each sends its words here.
 */
import type { Command, Option } from 'commander';
import type { NameKind } from '../../api/names.js';
import type { GlobalOptions } from '../global-options.js';

export type WordCompletion =
  /** Complete to these words (commands, options, choices). */
  | { words: string[] }
  /**
   * Complete to names of this kind; `set` is the set typed earlier on the line (for services,
   * tests, jobs); `prefix` goes before each (a list's earlier items); `also`: words besides.
   */
  | { names: NameKind; set?: string; prefix?: string; also?: string[] }
  /** Complete to paths. */
  | { files: true }
  | { nothing: true };

/** Option values that are names, by the option's long form. */
const OPTION_NAMES: Record<string, NameKind> = {
  '--profile': 'profiles',
  '--project-name': 'projects',
  '--from': 'snapshots',
  '--sets': 'sets',
};

/** Option values that are paths. */
const OPTION_FILES = new Set(['--file', '--env-file', '--project-directory', '--values', '--junit', '--hosts-file']);

/** Snapshot subcommands whose `name` is a new snapshot, not one to look up. */
const NEW_SNAPSHOT = new Set(['snapshot', 'create', 'pull']);

function argumentKind(command: Command, name: string): NameKind | 'files' | undefined {
  switch (name) {
    case 'set':
      return 'sets';
    case 'service':
    case 'services':
      return 'services';
    case 'names':
    case 'tests':
    case 'test':
      return 'tests';
    case 'job':
      return 'jobs';
    case 'name':
      return NEW_SNAPSHOT.has(command.name()) ? undefined : 'snapshots';
    case 'file':
    case 'dir':
    case 'from':
    case 'to':
      return 'files';
    default:
      return undefined;
  }
}

function findOption(command: Command, word: string): Option | undefined {
  return command.options.find((o) => o.long === word || o.short === word);
}

const takesValue = (o: Option) => o.required || o.optional;

/** The global options typed so far, for the names' lookup (-f, -p, --profile...). */
export type TypedGlobals = Pick<GlobalOptions, 'file' | 'projectDirectory' | 'projectName' | 'envFile' | 'profile'>;

export interface LineReading {
  completion: WordCompletion;
  globals: TypedGlobals;
}

/**
 * @param words the words after `testbed`; the last is the one being completed ('' after a space).
 *   When it is `--option=value`, the answer completes `value` alone.
 */
export function completeWords(program: Command, words: readonly string[]): LineReading {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  let command = program;
  const positionals: string[] = [];
  const globals: TypedGlobals = {};
  let pending: Option | undefined;
  for (let i = 0; i < before.length; i++) {
    const word = before[i]!;
    if (word.startsWith('-') && word !== '-' && word !== '--') {
      const [flag, inline] = word.split('=', 2) as [string, string | undefined];
      const option = findOption(command, flag);
      if (!option || !takesValue(option)) continue;
      const value = inline ?? before[i + 1];
      if (inline === undefined) {
        if (i + 1 === before.length) pending = option;
        i++;
      }
      if (value !== undefined) remember(globals, option, value);
      continue;
    }
    const sub = positionals.length === 0 ? command.commands.find((c) => c.name() === word || c.aliases().includes(word)) : undefined;
    if (sub) command = sub;
    else positionals.push(word);
  }
  // `--from=<Tab>`: complete the value after '='; each shell script keeps the `--from=` part.
  const inline = /^(--[^=]+)=(.*)$/s.exec(current);
  if (inline) {
    const option = findOption(command, inline[1]!);
    const completion: WordCompletion = option && takesValue(option) ? completionAt(command, positionals, inline[2]!, option) : { nothing: true };
    return { completion, globals };
  }
  return { completion: completionAt(command, positionals, current, pending), globals };
}

function completionAt(command: Command, positionals: string[], current: string, pending: Option | undefined): WordCompletion {
  if (pending) {
    const long = pending.long ?? '';
    if (pending.argChoices) return { words: pending.argChoices };
    if (OPTION_FILES.has(long)) return { files: true };
    const kind = OPTION_NAMES[long];
    if (!kind) return { nothing: true };
    // --sets a,b,<Tab>: complete the last name of the list.
    const prefix = long === '--sets' && current.includes(',') ? current.slice(0, current.lastIndexOf(',') + 1) : undefined;
    return { names: kind, ...(prefix ? { prefix } : {}) };
  }
  if (current.startsWith('-')) {
    return { words: command.options.filter((o) => !o.hidden).flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)) };
  }
  const subcommands = positionals.length === 0 ? visibleCommands(command) : [];
  const args = command.registeredArguments;
  const index = Math.min(positionals.length, args.length - 1);
  const arg = index >= 0 && (positionals.length < args.length || args.at(-1)?.variadic) ? args[index] : undefined;
  if (arg?.argChoices) return { words: arg.argChoices };
  const kind = arg ? argumentKind(command, arg.name()) : undefined;
  if (subcommands.length > 0 && kind === undefined) return { words: subcommands };
  if (kind === 'files') return { files: true };
  if (kind === undefined) return subcommands.length > 0 ? { words: subcommands } : { nothing: true };
  const setIndex = args.findIndex((a) => a.name() === 'set');
  const set = kind !== 'sets' && setIndex >= 0 ? positionals[setIndex] : undefined;
  // `testbed snapshot <Tab>`: its subcommands and the sets it snapshots alike.
  return { names: kind, ...(set ? { set } : {}), ...(subcommands.length > 0 ? { also: subcommands } : {}) };
}

function visibleCommands(command: Command): string[] {
  return command.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => c.name());
}

function remember(globals: TypedGlobals, option: Option, value: string): void {
  switch (option.long) {
    case '--file':
      (globals.file ??= []).push(value);
      break;
    case '--env-file':
      (globals.envFile ??= []).push(value);
      break;
    case '--profile':
      (globals.profile ??= []).push(value);
      break;
    case '--project-name':
      globals.projectName = value;
      break;
    case '--project-directory':
      globals.projectDirectory = value;
      break;
  }
}
