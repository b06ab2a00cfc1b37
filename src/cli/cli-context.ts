/**
 * What a command handler gets besides its arguments: the global options, where to write,
 * and the signal that Ctrl-C aborts.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { setDebug } from '../common/logger.js';
import type { GlobalOptions } from './global-options.js';
import { processOutput, type Output } from './output.js';
import { progressRenderer } from './render/progress.js';
import type { EventSink } from '../lifecycle/events.js';

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

/** "90s", "2m", "1h30m", "500ms" or a plain number of seconds -> milliseconds. */
export function parseDurationOption(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  let matched = '';
  for (const m of value.matchAll(re)) {
    total += Number(m[1]) * unit[m[2]!]!;
    matched += m[0];
  }
  // commander reports an InvalidArgumentError as a usage error, naming the option.
  if (!matched || matched !== value) throw new InvalidArgumentError(`"${value}" is not a duration (examples: 90s, 2m, 1h30m)`);
  return total;
}
