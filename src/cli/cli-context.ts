/**
 * What a command handler gets besides its arguments: the global options, where to write,
 * and the signal that Ctrl-C aborts.
 */
import type { Command } from 'commander';
import { setDebug } from '../common/logger.js';
import type { GlobalOptions } from './global-options.js';
import { processOutput, type Output } from './output.js';
import { progressRenderer } from './render/progress.js';
import type { EventSink } from '../api/events.js';

export interface CommandContext {
  globals: GlobalOptions;
  out: Output;
  events: EventSink;
  signal: AbortSignal;
}

export interface CliRuntime {
  signal: AbortSignal;
  /** Exit status chosen by the last command that ran (e.g. exec's own exit code). */
  exitCode?: number;
}

export function commandContext(cmd: Command, runtime: CliRuntime): CommandContext {
  const globals = cmd.optsWithGlobals() as GlobalOptions;
  if (globals.verbose) setDebug(true);
  const out = processOutput(globals);
  return { globals, out, events: progressRenderer(out, Boolean(globals.verbose)), signal: runtime.signal };
}
