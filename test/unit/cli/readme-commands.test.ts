/**
 * README's command table is what users read first: every command and option it names exists in
 * the CLI (`testbed <verb> --help` shows it), and every verb of the CLI has a row. Rows are read
 * generically, so a row added to the table is checked with no change here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/main.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

interface Row {
  line: string;
  /** The commands the row's first column names: ["snapshot"], ["k8s", "render"], ... */
  commands: string[][];
  /** Options named in the first column, with the command they follow. */
  commandOptions: { command: string[]; option: string }[];
  /** Options named in the description, for any command of the row. */
  options: string[];
}

function commandsSection(): string {
  const section = README.split('\n## Commands\n')[1]?.split('\n## ')[0];
  if (!section) throw new Error('README has no "## Commands" section');
  return section;
}

/** The text of each `code span` in a table cell (`\|` is a pipe inside a cell). */
function spans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\\\|/g, '|').trim());
}

const isPlaceholder = (word: string) => /^[<[]/.test(word);
const optionName = (word: string) => /^(--?[A-Za-z][\w-]*)/.exec(word)?.[1];

/**
 * "testbed build / create / start [set]" -> [[build], [create], [start]];
 * "testbed k8s render/chart [set]" -> [[k8s, render], [k8s, chart]]; options inside, with their command.
 */
function commandsOf(span: string, verbs: Set<string>): { commands: string[][]; options: { command: string[]; option: string }[] } {
  const words = span.replace(/^testbed /, '').replace(/ \/ /g, '/').split(/\s+/);
  const first = words[0]!.split('/');
  if (!first.every((v) => verbs.has(v))) return { commands: [], options: [] };
  const second = words[1] !== undefined && !isPlaceholder(words[1]) && !words[1].startsWith('-') ? words[1].split('/') : [];
  const commands = first.flatMap((verb) => (second.length ? second.map((sub) => [verb, sub]) : [[verb]]));
  const options = words
    .map((w) => optionName(w.replace(/^\[/, '')))
    .filter((o): o is string => o !== undefined)
    .flatMap((option) => commands.map((command) => ({ command, option })));
  return { commands, options };
}

function rows(verbs: Set<string>): Row[] {
  return commandsSection()
    .split('\n')
    .filter((l) => /^\| `testbed /.test(l))
    .map((line) => {
      const [name = '', description = ''] = line.replace(/\\\|/g, '\u0000').split('|').slice(1, 3).map((c) => c.replace(/\u0000/g, '\\|'));
      const named = spans(name).map((s) => commandsOf(s, verbs));
      // "`snapshot ls/inspect/rm`" in a description names subcommands too.
      const mentioned = spans(description)
        .filter((s) => /^(testbed )?[a-z0-9]+ [a-z][\w/-]*$/.test(s))
        .map((s) => commandsOf(s, verbs));
      return {
        line,
        commands: [...named, ...mentioned].flatMap((c) => c.commands),
        commandOptions: named.flatMap((c) => c.options),
        options: spans(description).map(optionName).filter((o): o is string => o !== undefined),
      };
    });
}

function find(program: Command, path: string[]): Command | undefined {
  let at: Command | undefined = program;
  for (const name of path) at = at?.commands.find((c) => c.name() === name || c.aliases().includes(name));
  return at;
}

/** A command's own options and the global ones (which every command takes), long and short. */
function flagsOf(command: Command): Set<string> {
  const out = new Set<string>();
  for (const o of command.options) {
    if (o.long) out.add(o.long);
    if (o.short) out.add(o.short);
  }
  return out;
}

describe("README's command table", () => {
  let program: Command;
  let table: Row[];

  beforeAll(async () => {
    program = await buildProgram({ signal: new AbortController().signal });
    table = rows(new Set(program.commands.map((c) => c.name())));
  });

  it('is read: it has rows, and each row names at least one command of the CLI', () => {
    expect(table.length).toBeGreaterThan(10);
    expect(table.filter((r) => r.commands.length === 0).map((r) => r.line)).toEqual([]);
  });

  it('names only commands the CLI has', () => {
    const missing = table.flatMap((r) => r.commands.filter((path) => !find(program, path)).map((path) => `testbed ${path.join(' ')}`));
    expect(missing).toEqual([]);
  });

  it('names only options that its commands take', () => {
    const missing: string[] = [];
    for (const row of table) {
      for (const { command, option } of row.commandOptions) {
        const cmd = find(program, command);
        if (cmd && !flagsOf(cmd).has(option)) missing.push(`testbed ${command.join(' ')} ${option}`);
      }
      const commands = row.commands.map((path) => find(program, path)).filter((c): c is Command => c !== undefined);
      // A row about a command with subcommands (k8s, snapshot) may name their options.
      const all = commands.flatMap((c) => [c, ...c.commands]);
      for (const option of row.options) {
        if (!all.some((c) => flagsOf(c).has(option))) missing.push(`${row.commands.map((p) => p.join(' ')).join(' / ')}: ${option}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has a row for every command of the CLI, and names every subcommand', () => {
    const named = new Set(table.flatMap((r) => r.commands.map((path) => path.join(' '))));
    const verbs = program.commands.map((c) => c.name());
    expect(verbs.filter((v) => ![...named].some((n) => n === v || n.startsWith(`${v} `)))).toEqual([]);
    const subcommands = program.commands.flatMap((c) => c.commands.map((s) => `${c.name()} ${s.name()}`));
    expect(subcommands.filter((s) => !named.has(s))).toEqual([]);
  });

  it('lists the global options every command takes', () => {
    // The sentence that names the global options; the rest of the introduction names verb options.
    const intro = commandsSection().split('\n| command |')[0]!.split('before or after the verb')[0]!;
    const globals = spans(intro).map(optionName).filter((o): o is string => o !== undefined);
    expect(globals.length).toBeGreaterThanOrEqual(8);
    const missing = [program, ...program.commands].flatMap((c) =>
      globals.filter((g) => !flagsOf(c).has(g) && !(g.length === 2 && c !== program)).map((g) => `${c.name()} ${g}`),
    );
    expect(missing).toEqual([]);
  });
});
