/** `--set-value KEY=VALUE` and `--values FILE` on the verbs that configure a set (read by api/values.ts). */
import { Option, type Command } from 'commander';
import { valueOverrides, type Values } from '../api/values.js';
import { collect } from './option-parsers.js';

export interface ValueFlags {
  setValue?: string[];
  values?: string[];
}


export function addValueOptions(command: Command): Command {
  return command
    .addOption(new Option('--values <file>', 'YAML file of values for this set (repeatable; kept for the set)').argParser(collect))
    .addOption(new Option('--set-value <key=value>', 'one value for this set, e.g. wiki.count=3 (repeatable; kept for the set)').argParser(collect));
}

export function flagOverrides(flags: ValueFlags): Values | undefined {
  return valueOverrides({ files: flags.values ?? [], entries: flags.setValue ?? [] });
}
