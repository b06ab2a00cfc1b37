/**
 * How a Tab press reads the line: which verb, option or name kind the word being typed is,
 * read from the CLI's own commands (the shells only pass the words; see shell-completion.test.ts).
 */
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { completeWords } from '../../../src/cli/completion/complete-words.js';
import { buildProgram } from '../../../src/cli/main.js';

describe('completing a testbed command line', () => {
  let program: Command;
  beforeAll(async () => {
    program = await buildProgram({ signal: new AbortController().signal });
  });
  const at = (line: string) => completeWords(program, line.split(' '));

  it('offers the verbs first, and a verb\'s options after a dash', () => {
    const verbs = at('').completion;
    expect('words' in verbs && verbs.words).toEqual(expect.arrayContaining(['up', 'logs', 'snapshot', 'ui', 'completion']));
    const options = at('up -').completion;
    expect('words' in options && options.words).toEqual(expect.arrayContaining(['--from', '--no-build', '--profile', '-p']));
  });

  it('says which names a word is: sets, then the set\'s services, tests and jobs', () => {
    expect(at('logs ').completion).toEqual({ names: 'sets' });
    expect(at('logs demo ').completion).toEqual({ names: 'services', set: 'demo' });
    expect(at('logs demo web ').completion).toEqual({ names: 'services', set: 'demo' });
    expect(at('test demo ').completion).toEqual({ names: 'tests', set: 'demo' });
    expect(at('run demo ').completion).toEqual({ names: 'jobs', set: 'demo' });
    expect(at('exec demo web ').completion).toEqual({ nothing: true });
  });

  it('reads option values: snapshots, profiles, projects, files, choices, and lists of sets', () => {
    expect(at('up demo --from ').completion).toEqual({ names: 'snapshots' });
    expect(at('--profile ').completion).toEqual({ names: 'profiles' });
    expect(at('status -p ').completion).toEqual({ names: 'projects' });
    expect(at('-f ').completion).toEqual({ files: true });
    expect(at('up --publish ').completion).toEqual({ words: ['loopback', 'ephemeral'] });
    expect(at('test --sets a,').completion).toEqual({ names: 'sets', prefix: 'a,' });
  });

  it('completes the value alone in a word written --option=value', () => {
    expect(at('up demo --from=').completion).toEqual({ names: 'snapshots' });
    expect(at('up --profile=de').completion).toEqual({ names: 'profiles' });
    expect(at('--file=comp').completion).toEqual({ files: true });
    expect(at('up --publish=e').completion).toEqual({ words: ['loopback', 'ephemeral'] });
    expect(at('test --sets=a,').completion).toEqual({ names: 'sets', prefix: 'a,' });
    expect(at('up --no-build=').completion).toEqual({ nothing: true });
    expect(at('up --profile=dev ').completion).toEqual({ names: 'sets' });
  });

  it('skips global options and their values to find the verb, and keeps them for the lookup', () => {
    const reading = at('-f other.yaml -p shop --profile dev logs ');
    expect(reading.completion).toEqual({ names: 'sets' });
    expect(reading.globals).toEqual({ file: ['other.yaml'], projectName: 'shop', profile: ['dev'] });
  });

  it('offers snapshot\'s subcommands beside the sets it snapshots, and existing snapshots only where one is named', () => {
    const snap = at('snapshot ').completion;
    expect(snap).toMatchObject({ names: 'sets', also: expect.arrayContaining(['create', 'ls', 'inspect', 'rm']) });
    expect(at('snapshot inspect ').completion).toEqual({ names: 'snapshots' });
    expect(at('snapshot create demo ').completion).toEqual({ nothing: true });
    expect(at('completion ').completion).toEqual({ words: ['bash', 'zsh', 'fish'] });
  });
});
