/**
 * Durations in milliseconds, one parser for the whole tool. Compose files use Go's durations
 * (`1m30s`, `10s`, `500ms`, `1h`, `1.5s`); command-line options and settings from the
 * environment also take days (`7d`, for `k8s gc --older-than`) and a bare number of seconds.
 */
import { parsed, rejected, type Parsed } from './parsed.js';

/** compose: what a Compose file may write; option: that, days, and a bare number of seconds. */
export type DurationGrammar = 'compose' | 'option';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = { compose: /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y, option: /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d)/y };
const BARE_NUMBER = /^\d+(\.\d+)?$/;

/** Node's timers hold at most 2^31-1 ms (24.8 days); a longer wait in a Compose file would fire at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

export const DURATION_EXPECTED = 'a duration like "30s", "1m30s", "500ms" or "1h"';

export function parseDuration(text: string, grammar: DurationGrammar = 'compose'): Parsed<number> {
  const input = text.trim();
  if (input === '0') return parsed(0);
  if (input === '') return rejected();
  if (grammar === 'option' && BARE_NUMBER.test(input)) return parsed(Math.round(Number(input) * 1000));
  const part = PART[grammar];
  let total = 0;
  part.lastIndex = 0;
  while (part.lastIndex < input.length) {
    const start = part.lastIndex;
    const match = part.exec(input);
    if (!match || match.index !== start) return rejected(BARE_NUMBER.test(input) ? 'the unit is missing' : undefined);
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  // An option may name longer spans (k8s gc --older-than 90d); what a file writes is waited for.
  if (grammar === 'compose' && total > MAX_DURATION_MS) return rejected('it is longer than 24 days, the longest wait Testbed can time');
  return parsed(Math.round(total));
}

const FORMAT_UNITS: [string, number][] = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/** Milliseconds as Compose writes a duration: 90000 -> "1m30s", 1500 -> "1s500ms", 0 -> "0s". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of FORMAT_UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * size;
  }
  return out;
}
