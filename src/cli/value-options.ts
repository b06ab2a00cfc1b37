/**
 * `--set-value KEY=VALUE` and `--values FILE`: per-set overrides of x-testbed.values.
 * A value is read as YAML (so 3 is a number, true a boolean, [a, b] a list); keys may be
 * dotted paths into nested values.
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { parse } from 'yaml';
import { UsageError } from '../common/errors.js';
import { mergeValues, valueAtPath, type Values } from '../set-config/values.js';

export interface ValueFlags {
  setValue?: string[];
  values?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addValueOptions(command: Command): Command {
  return command
    .addOption(new Option('--values <file>', 'YAML file of values for this set (repeatable; kept for the set)').argParser(collect))
    .addOption(new Option('--set-value <key=value>', 'one value for this set, e.g. wiki.count=3 (repeatable; kept for the set)').argParser(collect));
}

export function valueOverrides(flags: ValueFlags): Values | undefined {
  let out: Values = {};
  for (const file of flags.values ?? []) {
    let parsed: unknown;
    try {
      parsed = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`cannot read values file ${file}: ${(err as Error).message}`, { hint: 'Give a YAML file with a mapping of values.' });
    }
    if (parsed === null || parsed === undefined) continue;
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`values file ${file} must hold a mapping (key: value)`);
    out = mergeValues(out, parsed as Values);
  }
  for (const entry of flags.setValue ?? []) {
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
