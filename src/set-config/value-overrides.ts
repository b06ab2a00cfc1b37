/**
 * `--set-value KEY=VALUE` and `--values FILE`: per-set overrides of x-testbed.values, the same on
 * Docker and on Kubernetes. A value is read as YAML (so 3 is a number, true a boolean, [a, b] a
 * list); keys may be dotted paths into nested values.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from '../common/errors.js';
import { mergeValues, valueAtPath, type Values } from './values.js';

export interface ValueOverrideInput {
  /** YAML files of values, merged in order. */
  files?: string[];
  /** KEY=VALUE entries, merged after the files. */
  entries?: string[];
}

/** The overrides given, or undefined when none are; a file or entry that cannot be read is a usage error. */
export function valueOverrides(input: ValueOverrideInput, read: (file: string) => string = (file) => readFileSync(file, 'utf8')): Values | undefined {
  let out: Values = {};
  for (const file of input.files ?? []) {
    let parsed: unknown;
    try {
      parsed = parse(read(file));
    } catch (err) {
      throw new UsageError(`cannot read values file ${file}: ${(err as Error).message}`, { hint: 'Give a YAML file with a mapping of values.' });
    }
    if (parsed === null || parsed === undefined) continue;
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`values file ${file} must hold a mapping (key: value)`);
    out = mergeValues(out, parsed as Values);
  }
  for (const entry of input.entries ?? []) {
    const at = entry.indexOf('=');
    const key = at < 0 ? '' : entry.slice(0, at);
    if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(key)) {
      throw new UsageError(`--set-value ${entry}: expected KEY=VALUE with a key like name or site.title`);
    }
    const text = entry.slice(at + 1);
    let value: unknown = text;
    try {
      value = text === '' ? '' : parse(text);
    } catch {
      // Not YAML: the text as it is.
    }
    out = mergeValues(out, valueAtPath(key, value));
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
