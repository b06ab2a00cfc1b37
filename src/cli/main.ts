/**
 * The testbed command: parse arguments, call the library, render, exit with a code that says
 * what happened. Ctrl-C once stops the work at once and cleanly: engine calls in flight are
 * abandoned, nothing new starts, and running the command again finishes it. Twice quits.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isTestbedError } from '../common/errors.js';
import type { CliRuntime } from './cli-context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { processOutput } from './output.js';
import { renderError } from './render/error.js';

type Register = (program: Command, runtime: CliRuntime) => void;

/**
 * Verb modules, loaded only when their verb is used (or for help): `testbed up` should not
 * pay for loading the Kubernetes models at every start.
 */
const MODULES: { verbs: string[]; load: () => Promise<Register> }[] = [
  { verbs: ['up'], load: async () => (await import('./commands/up.js')).registerUp },
  { verbs: ['build', 'create', 'start', 'stop'], load: async () => (await import('./commands/steps.js')).registerSteps },
  { verbs: ['destroy', 'remove'], load: async () => (await import('./commands/destroy.js')).registerDestroy },
  { verbs: ['ls', 'status', 'config'], load: async () => (await import('./commands/inspect.js')).registerInspect },
  { verbs: ['k8s'], load: async () => (await import('./commands/k8s.js')).registerK8s },
  { verbs: ['logs'], load: async () => (await import('./commands/logs.js')).registerLogs },
  { verbs: ['exec', 'shell', 'cp'], load: async () => (await import('./commands/exec.js')).registerExec },
  { verbs: ['hosts'], load: async () => (await import('./commands/hosts.js')).registerHosts },
  { verbs: ['render', 'secrets', 'run', 'jobs'], load: async () => (await import('./commands/set-config.js')).registerSetConfig },
  { verbs: ['test', 'tests', 'results'], load: async () => (await import('./commands/test.js')).registerTest },
  { verbs: ['snapshot', 'reset'], load: async () => (await import('./commands/snapshot.js')).registerSnapshot },
  { verbs: ['doctor'], load: async () => (await import('./commands/doctor.js')).registerDoctor },
  { verbs: ['ui'], load: async () => (await import('./commands/ui.js')).registerUi },
  { verbs: ['completion'], load: async () => (await import('./commands/completion.js')).registerCompletion },
];

/** Global options that take a value, to find the verb behind them. */
const VALUED = new Set(['-f', '--file', '--project-directory', '-p', '--project-name', '--env-file', '--profile']);

/** The verb of an argv (after node and the script), or undefined for help, version or a typo. */
export function verbOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (VALUED.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * What `--version` prints: the version of Testbed's own package.json, two folders up from both
 * dist/cli/ and the bundle's dist/cli-bundle/. (npm_package_version is the version of whatever
 * package's script runs testbed, not Testbed's.)
 */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/**
 * The program with the verbs `args` needs; every verb when args are not given or name none.
 * Even commander is loaded here, not at import: `testbed --version` answers without it.
 */
export async function buildProgram(runtime: CliRuntime, args?: readonly string[]): Promise<Command> {
  const [{ Command }, { addGlobalOptions }] = await Promise.all([import('commander'), import('./global-options.js')]);
  const program = addGlobalOptions(
    new Command('testbed')
      .description('Named, isolated multi-container sets from one Compose file, on a real Docker engine')
      .version(version())
      .enablePositionalOptions()
      .showHelpAfterError('(run testbed --help for usage)')
      .exitOverride(),
  );
  const verb = args ? verbOf(args) : undefined;
  const one = MODULES.find((m) => verb !== undefined && m.verbs.includes(verb));
  const versionOnly = verb === undefined && args !== undefined && (args.includes('--version') || args.includes('-V'));
  for (const module of one ? [one] : versionOnly ? [] : MODULES) (await module.load())(program, runtime);
  // Global options are accepted after the verb too (`testbed status demo --json`), as users type them.
  for (const sub of program.commands) addGlobalOptions(sub).exitOverride();
  return program;
}

/** After Ctrl-C, how long the command may take to stop cleanly before it is ended anyway. */
const STOP_GRACE_MS = 10_000;

export async function main(argv: string[]): Promise<number> {
  // The one answer that needs nothing loaded (scripts and the startup bench call it).
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nstopping (Ctrl-C again to quit at once)\n');
      controller.abort();
      // Engine calls are abandoned on abort; this only catches work that does not heed it.
      setTimeout(() => {
        process.stderr.write(`still not stopped after ${STOP_GRACE_MS / 1000}s: quitting\n`);
        process.exit(EXIT.interrupted);
      }, STOP_GRACE_MS).unref();
    } else process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const runtime: CliRuntime = { signal: controller.signal };
  // The completion scripts' hidden question: not a verb, so that it is in no help or README table.
  if (argv[2] === '__complete') {
    const { runComplete } = await import('./completion/run-complete.js');
    // Only the typed verb's module, as for running it; every verb while none is typed yet.
    const whole = await buildProgram(runtime, argv.slice(3).filter((w) => w !== '--').slice(0, -1));
    return runComplete(whole, argv.slice(3), runtime, (text) => process.stdout.write(text)).finally(() => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    });
  }
  const program = await buildProgram(runtime, args);
  try {
    await program.parseAsync(argv);
    return runtime.exitCode ?? EXIT.ok;
  } catch (err) {
    const { CommanderError } = await import('commander');
    if (err instanceof CommanderError) {
      // Help and version are not failures; usage errors were already printed by commander.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    const globals = program.opts() as GlobalOptions;
    renderError(processOutput(globals), err, Boolean(globals.verbose));
    return isTestbedError(err) ? exitCodeFor(err.code) : EXIT.internal;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

