/**
 * Options every command takes, and how a command turns them into a library call.
 */
import { Option, type Command } from 'commander';
// The library is loaded by the verb that opens a set, not with the options (`--help` needs none of it).
import type { Testbed, SetIntent } from '../api/testbed.js';
import type { TestbedSet } from '../api/testbed-set.js';
import type { LoadOptions, Project } from '../api/project.js';
import { collect } from './option-parsers.js';
import { colors, say, type Output } from './output.js';

export interface GlobalOptions {
  file?: string[];
  projectDirectory?: string;
  projectName?: string;
  envFile?: string[];
  profile?: string[];
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}


function globalOptions(): Option[] {
  return [
    new Option('-f, --file <file>', 'Compose file (repeatable; later files merge on top)').argParser(collect),
    new Option('--project-directory <dir>', 'directory that relative paths resolve against'),
    new Option('-p, --project-name <name>', 'project name (default: the file\'s name:, or the directory name)'),
    new Option('--env-file <file>', 'environment file for interpolation (repeatable; default .env)').argParser(collect),
    new Option('--profile <name>', 'enable a profile (repeatable)').argParser(collect),
    new Option('--json', 'print the result as JSON on stdout'),
    new Option('-q, --quiet', 'print nothing but errors and results'),
    new Option('-v, --verbose', 'show build output and engine calls'),
  ];
}

/**
 * Adds the global options to the program, and to a verb so they may follow it. A verb's own
 * flag wins a clash (`logs -f` follows, as in Compose): the global keeps only its long form there.
 */
export function addGlobalOptions(command: Command): Command {
  for (const option of globalOptions()) {
    if (command.options.some((o) => o.long === option.long)) continue;
    const clash = option.short !== undefined && command.options.some((o) => o.short === option.short);
    const added = clash ? new Option(option.flags.replace(/^-\w, /, ''), option.description) : option;
    if (clash && option.parseArg) added.argParser(option.parseArg);
    command.addOption(added);
  }
  return command;
}

/** @param signal Ctrl-C, so that loading a large project stops between its steps */
export function loadOptions(g: GlobalOptions, signal?: AbortSignal): LoadOptions {
  return {
    files: g.file,
    projectDirectory: g.projectDirectory,
    projectName: g.projectName,
    envFiles: g.envFile,
    profiles: g.profile,
    signal,
  };
}

export function printWarnings(out: Output, project: Project | undefined): void {
  if (!project || out.json) return;
  const c = colors(out);
  for (const w of project.warnings) {
    const where = w.position ? `${w.position.file}:${w.position.line}:${w.position.col}: ` : '';
    say(out, `${c.yellow('warning:')} ${where}${w.message}`);
  }
}

export interface SetNeeds {
  /** The verb loads the set's project (its Compose files); false: it works from labels alone. */
  project: boolean;
  /** How the set may be found (see README "Sets"); default `use`. */
  intent?: SetIntent;
  /** --reconfigure: make the set from the choices given here. */
  reconfigure?: boolean;
  /** The verb, for the command an error shows. */
  verb?: string;
  /** Ctrl-C: aborting it abandons the engine calls in flight. */
  signal?: AbortSignal;
  /** `up --from`: the snapshot a new set is made from. */
  fromSnapshot?: string;
}

/**
 * Opens the engine and picks the set, loaded with the choices it was made with. A project found
 * by the set's name alone is said on stderr (with --json and -q too: it is not the result).
 */
export async function openSet(g: GlobalOptions, out: Output, setName: string | undefined, needs: SetNeeds): Promise<{ testbed: Testbed; set: TestbedSet }> {
  const { Testbed } = await import('../api/testbed.js');
  const testbed = await Testbed.open({ ...loadOptions(g), requireProject: false, ...(needs.signal ? { signal: needs.signal } : {}) });
  // A new set from a snapshot of a project named with -p needs no files here: the snapshot
  // (or the set it was taken of) says which files its set was made with.
  const set =
    needs.fromSnapshot && setName && g.projectName && !needs.reconfigure
      ? await testbed.setFromSnapshot(setName, needs.fromSnapshot, g.projectName)
      : await testbed.set(setName, {
          intent: needs.intent ?? 'use',
          needsProject: needs.project,
          ...(needs.reconfigure ? { reconfigure: true } : {}),
          ...(needs.verb ? { verb: needs.verb } : {}),
        });
  if (set.note) out.human.write(`note: ${set.note}\n`);
  printWarnings(out, set.project ?? testbed.project);
  return { testbed, set };
}
