/** completion: the shell completion script for bash, zsh or fish. */
import { Argument, type Command } from 'commander';
import type { CliRuntime } from '../cli-context.js';
import { completionScript, SHELLS, type Shell } from '../completion/scripts.js';

export function registerCompletion(program: Command, _runtime: CliRuntime): void {
  program
    .command('completion')
    .description('print the shell completion script (verbs, options, and names of sets, services, tests, jobs, snapshots, profiles)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .action((shell: Shell) => {
      process.stdout.write(completionScript(shell));
    });
}
