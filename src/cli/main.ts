/**
 * The testbed command: parse arguments, call the library, render, exit with a code that says
 * what happened. Ctrl-C once stops the work cleanly (running it again finishes it); twice quits.
 */
import { Command, CommanderError } from 'commander';
import { isTestbedError } from '../common/errors.js';
import type { CliRuntime } from './cli-context.js';
import { registerDestroy } from './commands/destroy.js';
import { registerExec } from './commands/exec.js';
import { registerHosts } from './commands/hosts.js';
import { registerSetConfig } from './commands/set-config.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerInspect } from './commands/inspect.js';
import { registerK8s } from './commands/k8s.js';
import { registerLogs } from './commands/logs.js';
import { registerSteps } from './commands/steps.js';
import { registerTest } from './commands/test.js';
import { registerUp } from './commands/up.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { addGlobalOptions, type GlobalOptions } from './global-options.js';
import { processOutput } from './output.js';
import { renderError } from './render/error.js';

export function buildProgram(runtime: CliRuntime): Command {
  const program = addGlobalOptions(
    new Command('testbed')
      .description('Named, isolated multi-container sets from one Compose file, on a real Docker engine')
      .version(process.env.npm_package_version ?? '0.1.0')
      .enablePositionalOptions()
      .showHelpAfterError('(run testbed --help for usage)')
      .exitOverride(),
  );
  registerUp(program, runtime);
  registerSteps(program, runtime);
  registerDestroy(program, runtime);
  registerInspect(program, runtime);
  registerK8s(program, runtime);
  registerLogs(program, runtime);
  registerExec(program, runtime);
  registerHosts(program, runtime);
  registerSetConfig(program, runtime);
  registerTest(program, runtime);
  registerSnapshot(program, runtime);
  // Global options are accepted after the verb too (`testbed status demo --json`), as users type them.
  for (const sub of program.commands) addGlobalOptions(sub).exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nstopping: letting started operations finish (Ctrl-C again to quit at once)\n');
      controller.abort();
    } else process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const runtime: CliRuntime = { signal: controller.signal };
  const program = buildProgram(runtime);
  try {
    await program.parseAsync(argv);
    return runtime.exitCode ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not failures; usage errors were already printed by commander.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    const globals = program.opts() as GlobalOptions;
    renderError(processOutput(globals), err, Boolean(globals.verbose));
    return isTestbedError(err) ? exitCodeFor(err.code) : EXIT.failure;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

