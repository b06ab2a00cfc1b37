/**
 * Options every command takes, and how a command turns them into a library call.
 */
import type { Command } from 'commander';
import { Testbed } from '../api/testbed.js';
import type { TestbedSet } from '../api/testbed-set.js';
import type { LoadOptions } from '../model/load-project.js';
import type { Project } from '../model/project.js';
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

export function addGlobalOptions(program: Command): Command {
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  return program
    .option('-f, --file <file>', 'Compose file (repeatable; later files merge on top)', collect)
    .option('--project-directory <dir>', 'directory that relative paths resolve against')
    .option('-p, --project-name <name>', 'project name (default: the file\'s name:, or the directory name)')
    .option('--env-file <file>', 'environment file for interpolation (repeatable; default .env)', collect)
    .option('--profile <name>', 'enable a profile (repeatable)', collect)
    .option('--json', 'print the result as JSON on stdout')
    .option('-q, --quiet', 'print nothing but errors and results')
    .option('-v, --verbose', 'show build output and engine calls');
}

export function loadOptions(g: GlobalOptions): LoadOptions {
  return {
    files: g.file,
    projectDirectory: g.projectDirectory,
    projectName: g.projectName,
    envFiles: g.envFile,
    profiles: g.profile,
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

/** Opens the project (when it needs one) and the engine, and picks the set. */
export async function openSet(
  g: GlobalOptions,
  out: Output,
  setName: string | undefined,
  needs: { project: boolean },
): Promise<{ testbed: Testbed; set: TestbedSet }> {
  const testbed = await Testbed.open({ ...loadOptions(g), requireProject: needs.project });
  printWarnings(out, testbed.project);
  const set = await testbed.set(setName, g.projectName);
  return { testbed, set };
}
