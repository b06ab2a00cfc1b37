/** exec, shell and cp: working inside a running service. */
import type { Command } from 'commander';
import { UsageError } from '../../common/errors.js';
import type { TestbedSet } from '../../api/testbed-set.js';
import { commandContext, type CliRuntime } from '../cli-context.js';
import { openSet } from '../global-options.js';
import { collect, positiveInt } from '../option-parsers.js';
import { say } from '../output.js';

interface ExecFlags {
  index: number;
  user?: string;
  workdir?: string;
  env?: string[];
  tty?: boolean;
}

/** The command given, or (without one) a shell, attached to this terminal. */
async function attach(set: TestbedSet, service: string, cmd: string[] | undefined, flags: ExecFlags): Promise<number> {
  const stdin = process.stdin;
  const tty = flags.tty ?? Boolean(stdin.isTTY && process.stdout.isTTY);
  if (tty && stdin.isTTY) stdin.setRawMode(true);
  try {
    const input = {
      service,
      replica: flags.index,
      user: flags.user,
      workingDir: flags.workdir,
      env: flags.env,
      tty,
      stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      size: process.stdout.isTTY ? { rows: process.stdout.rows, columns: process.stdout.columns } : undefined,
      onResize: (listener: (size: { rows: number; columns: number }) => void) => process.stdout.on('resize', () => listener({ rows: process.stdout.rows, columns: process.stdout.columns })),
    };
    return await (cmd ? set.execAttached({ ...input, cmd }) : set.shell(input));
  } finally {
    if (tty && stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
  }
}

export function registerExec(program: Command, runtime: CliRuntime): void {
  program
    .command('exec')
    .description('run a command in a running service; exits with the command\'s exit code')
    .argument('<set>', 'set name')
    .argument('<service>', 'service name')
    .argument('<command...>', 'the command (put -- before it when it has options)')
    .option('--index <n>', 'replica number', positiveInt, 1)
    .option('-u, --user <user>', 'run as this user')
    .option('-w, --workdir <dir>', 'working directory')
    .option('-e, --env <KEY=VALUE>', 'environment variable (repeatable)', collect)
    .option('-T, --no-tty', 'no pseudo-terminal, even on a terminal')
    .passThroughOptions()
    .action(async (setName: string, service: string, command: string[], flags: ExecFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: false, signal: ctx.signal });
      // With pass-through options commander keeps the `--` that separates the command.
      const argv = command[0] === '--' ? command.slice(1) : command;
      if (argv.length === 0) throw new UsageError('give the command to run after the service name');
      runtime.exitCode = await attach(set, service, argv, { ...flags, tty: flags.tty === false ? false : undefined });
    });

  program
    .command('shell')
    .description('an interactive shell in a running service (bash if present, else sh)')
    .argument('<set>', 'set name')
    .argument('<service>', 'service name')
    .option('--index <n>', 'replica number', positiveInt, 1)
    .option('-u, --user <user>', 'run as this user')
    .action(async (setName: string, service: string, flags: ExecFlags, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: false, signal: ctx.signal });
      runtime.exitCode = await attach(set, service, undefined, flags);
    });

  program
    .command('cp')
    .description('copy files between the host and a service: cp SET SERVICE:/path ./local, or the reverse')
    .argument('<set>', 'set name')
    .argument('<from>', 'SERVICE:/path or a host path')
    .argument('<to>', 'SERVICE:/path or a host path')
    .action(async (setName: string, from: string, to: string, _flags: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, runtime);
      const { set } = await openSet(ctx.globals, ctx.out, setName, { project: false, signal: ctx.signal });
      if (from.includes(':/') === to.includes(':/')) {
        throw new UsageError('cp copies between the host and a container: one side must be SERVICE:/path');
      }
      await set.copy(from, to);
      say(ctx.out, `copied ${from} -> ${to}`);
    });
}
