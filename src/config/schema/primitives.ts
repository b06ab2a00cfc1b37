/**
 * Value types shared by the Compose schema. Interpolation produces strings, so keys that
 * mean numbers or booleans also accept their string forms ("3", "true"), as Compose does.
 * Error messages read after the offending value: `"abc" is not a whole number; expected ...`.
 */
import { z } from 'zod';
import { parseByteSize, SIZE_EXPECTED } from '../syntax/byte-size.js';
import { DURATION_EXPECTED, parseDuration } from '../../common/duration.js';
import type { Parsed } from '../../common/parsed.js';

/** A string checked by one of config/syntax's parsers, with the parser's reason in the message. */
export function syntax<T>(parse: (text: string) => Parsed<T>, noun: string, expected: string) {
  return z.string({ error: `is {kind}; expected ${expected}` }).superRefine((text, ctx) => {
    const result = parse(text);
    if (!result.ok) {
      const reason = result.reason ? ` (${result.reason})` : '';
      ctx.addIssue({ code: 'custom', message: `is not ${noun}${reason}; expected ${expected}` });
    }
  });
}

const NOT_WHOLE = { error: 'is not a whole number; expected a number like 3' };

export const integerLike = z
  .union([z.number(NOT_WHOLE).int(NOT_WHOLE).nonnegative(NOT_WHOLE), z.string().regex(/^\d+$/, NOT_WHOLE)], NOT_WHOLE)
  .describe('A whole number (or its string form).');

/**
 * A whole number up to a limit that keeps one typo (`scale: 1000000000`) from exhausting the
 * host; `what` says what is counted, for the message.
 */
export function integerUpTo(min: number, max: number, what: string) {
  return integerLike.superRefine((value, ctx) => {
    const n = Number(value);
    // zod runs this even when integerLike failed: that failure is the one to report.
    if (!Number.isInteger(n) || n < 0) return;
    if (n < min || n > max) ctx.addIssue({ code: 'custom', message: `is out of range; expected ${min} to ${max} ${what}` });
  });
}

/** YAML 1.1's words for booleans, which Compose still accepts (`init: yes`). */
const TRUE_WORDS = ['true', 'yes', 'y', 'on'];
const FALSE_WORDS = ['false', 'no', 'n', 'off'];
const BOOLEAN_WORDS = [...TRUE_WORDS, ...FALSE_WORDS].flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()]);

export const booleanLike = z
  .union([z.boolean(), z.enum(BOOLEAN_WORDS as [string, ...string[]])], {
    error: 'is not a boolean; expected true or false',
  })
  .describe('true or false (yes/no and on/off, as YAML 1.1 wrote them, are accepted too).');

/** A scalar that the key means as text (environment values, labels, build args). */
export const textValue = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'is not a scalar; expected a string, a number, a boolean or nothing',
});

export const stringList = z.array(z.string());

export const stringOrList = z.union([z.string(), stringList], {
  error: 'expected a string or a list of strings',
});

/** Compose's list_or_dict: `{KEY: value}` or `["KEY=value", "KEY"]`. */
export const mapOrList = z.union([z.record(z.string(), textValue), stringList], {
  error: 'expected a mapping of KEY: value or a list of "KEY=value" strings',
});

export const duration = syntax(parseDuration, 'a duration', DURATION_EXPECTED).describe(
  'A duration such as 30s, 1m30s, 500ms or 1h.',
);

const NOT_SIZE = { error: `is not a size; expected ${SIZE_EXPECTED}` };

export const byteSize = z
  .union([z.number().nonnegative(NOT_SIZE), syntax(parseByteSize, 'a size', SIZE_EXPECTED)], NOT_SIZE)
  .describe('A size such as 512m, 1g, 100k, or a number of bytes.');

/** File modes are octal: 0440 in YAML arrives as its source text "0440". */
const NOT_MODE = { error: 'is not a file mode; expected an octal mode like 0440' };

export const fileMode = z.union(
  [z.number().int(NOT_MODE).nonnegative(NOT_MODE), z.string().regex(/^(0o?)?[0-7]{1,4}$/, NOT_MODE)],
  NOT_MODE,
);

/** Parses a file mode written as text or number; strings and leading-zero forms are octal. */
export function parseFileMode(value: number | string): number {
  return typeof value === 'number' ? value : parseInt(value.replace(/^0o/, ''), 8);
}

/** The boolean meant by a booleanLike value. */
export function asBoolean(value: boolean | string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  return typeof value === 'boolean' ? value : TRUE_WORDS.includes(value.toLowerCase());
}

export function asInteger(value: number | string | undefined): number | undefined {
  return value === undefined ? undefined : typeof value === 'number' ? value : Number(value);
}
