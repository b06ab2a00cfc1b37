/**
 * How option values are read. Each throws commander's InvalidArgumentError, which commander
 * reports as a usage error naming the option (exit 64), never as a failure of Testbed.
 */
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../common/duration.js';

/** "90s", "2m", "1h30m", "500ms", "7d" or a plain number of seconds -> milliseconds. */
export function durationOption(value: string): number {
  const duration = parseDuration(value, 'option');
  if (!duration.ok) throw new InvalidArgumentError(`"${value}" is not a duration (examples: 90s, 2m, 1h30m, 7d)`);
  return duration.value;
}

/** A whole number of 1 or more (a count, a replica number). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

/** A whole number of 0 or more (seconds to wait, lines to show). */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number of 0 or more');
  return n;
}

/** Repeatable options: every value given, in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
