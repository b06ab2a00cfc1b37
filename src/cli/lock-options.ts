/**
 * How a command that changes a set meets another one working on it: by default it waits for it
 * (saying who it waits for); `--no-wait` never waits and fails at once with exit 21, and
 * `--lock-timeout` bounds the wait. On `up`, `start` and `reset` the same `--no-wait` also skips
 * the wait for readiness: it means "do not wait for anything".
 */
import { Option } from 'commander';
import { durationOption } from './option-parsers.js';

export interface LockFlags {
  /** false with --no-wait. */
  wait?: boolean;
  lockTimeout?: number;
}

const BUSY = 'fail at once (exit 21) when another command is working on the set, instead of waiting for it';

export const noWaitOption = () => new Option('--no-wait', BUSY);

/** The `--no-wait` of up, start and reset, which also has them not wait for readiness. */
export const noWaitAtAllOption = () => new Option('--no-wait', `return once started, without waiting for readiness; and ${BUSY}`);

export const lockTimeoutOption = () =>
  new Option('--lock-timeout <duration>', 'wait at most this long for another command working on the set (default: while it runs)').argParser(
    durationOption,
  );

/** lockTimeoutMs of a library call. */
export function lockTimeout(flags: LockFlags): { lockTimeoutMs?: number } {
  if (flags.wait === false) return { lockTimeoutMs: 0 };
  return flags.lockTimeout === undefined ? {} : { lockTimeoutMs: flags.lockTimeout };
}
