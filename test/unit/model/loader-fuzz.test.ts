/**
 * Fuzzing the loader: generated Compose files (random structure in Compose's words, mutations
 * of the example projects, odd types, huge numbers, deep nesting, aliases, bad interpolation)
 * go through loadProject and loadTests. What may come out is a project or a config error
 * (CONFIG_INVALID, or CONFIG_NOT_FOUND for a missing file), never another exception, and each
 * case in bounded time and memory. Seeded and bounded, so a failure reproduces: fast-check
 * prints the seed and the shrunk case.
 */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTestbedError } from '../../../src/common/errors.js';
import { loadProject } from '../../../src/model/load-project.js';
import { loadTests } from '../../../src/model/testbed-tests.js';
import { aliasBomb, nestedDefault } from '../../support/hostile-inputs.js';
import { tempFiles, type TempFiles } from '../config/temp-files.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** Generous: a case takes milliseconds; a hang or a blow-up takes seconds to minutes. */
const CASE_MS = 5_000;
const CASE_HEAP_BYTES = 256 * 1024 * 1024;
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');

const KEYS = [
  'services', 'image', 'build', 'context', 'environment', 'env_file', 'ports', 'volumes', 'networks', 'depends_on',
  'condition', 'profiles', 'scale', 'deploy', 'replicas', 'healthcheck', 'test', 'command', 'entrypoint', 'configs',
  'secrets', 'file', 'content', 'target', 'source', 'name', 'x-testbed', 'values', 'jobs', 'tests', 'mounts', 'run',
  'service', 'generate', 'length', 'alphabet', 'derive', 'from', 'hash', 'after_jobs', 'secret_environment', 'needs',
  'include_tests', 'timeout', 'http', 'expect', 'x-a', '<<', 'db', 'web', 'app', 'default', 'labels', 'user', 'tmpfs',
  'extends', 'include', 'path', 'project_directory', 'network_mode', 'ipc', 'pid', 'links', 'volumes_from', 'post_start',
  'pre_stop', 'ulimits', 'sysctls', 'ipam', 'subnet', 'container_name', 'devices', 'gpus', 'blkio_config',
];

const SCALARS: fc.Arbitrary<unknown>[] = [
  fc.constantFrom(
    null, true, false, 0, -1, 1e21, 1_000_000_000, Number.MAX_SAFE_INTEGER, 2 ** 64, 0.5, -0, '', ' ', '~', 'null',
    'busybox:latest', './x', '../../../../../', '/etc', '/dev/zero', '~/x', '8080:80', '99999:80', '127.0.0.1:80:80',
    './d:/d:ro', 'db-data:/data', 'compose.yaml', 'service:web', 'service:db', 'container:x', 'host', 'none', '10.0.0.0/8', '30s', '100000h', '0440', 'service_healthy', '*', 'a=b', 'KEY', '{{ values.x }}',
    '{% include "../../etc/passwd" %}', '${A}', '${A:-${B:-x}}', '${A:?missing}', '${', '${}', '$$', '$', '${A:-${A:-',
    nestedDefault(40), nestedDefault(2_000), 'x'.repeat(10_000), '\u0000', 'ü€😀', '\t', 'a\nb',
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
];

/** A tree of mappings and lists with Compose's keys, and odd scalars at the leaves. */
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('scalar'), tie('mapping'), tie('list')),
  scalar: fc.oneof(...SCALARS),
  mapping: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), tie('node'), { maxKeys: 6 }),
  list: fc.array(tie('node'), { maxLength: 5 }),
})).node;

/** A whole file as YAML, top-level services usually present so that loading gets past the first checks. */
const structured = fc
  .record({ services: fc.dictionary(fc.constantFrom('db', 'web', 'app', 'x y', ''), tree, { maxKeys: 3 }), rest: fc.dictionary(fc.constantFrom(...KEYS), tree, { maxKeys: 4 }) })
  .map(({ services, rest }) => stringify({ ...rest, services }, { aliasDuplicateObjects: false }));

const SNIPPETS = [
  ':', ': ', '- ', '-', '[', ']', '{', '}', ',', '&a ', '*a', '<<: *a', '!reset ', '!override ', '!!binary ', '!!int ',
  '%YAML 1.1\n', '---\n', '...\n', '\t', '  ', '\n', '${', '}', '"', "'", '|', '>', '? ', '#', '@', '`', '\u0000', '😀',
  '99999999999999999999', '-1', '1e400', 'null', '~', '../../../', '/dev/zero', '${A:-${A:-${A:-x}}}',
];

interface Mutation {
  at: number;
  op: 'insert' | 'delete' | 'duplicate-line' | 'indent';
  snippet: string;
  length: number;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  op: fc.constantFrom('insert', 'delete', 'duplicate-line', 'indent'),
  snippet: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 6 })),
  length: fc.integer({ min: 1, max: 40 }),
});

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = Math.floor(m.at * out.length);
    if (m.op === 'insert') out = out.slice(0, at) + m.snippet + out.slice(at);
    else if (m.op === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else {
      const start = out.lastIndexOf('\n', at) + 1;
      const end = out.indexOf('\n', at);
      const line = out.slice(start, end < 0 ? out.length : end);
      out = m.op === 'indent' ? `${out.slice(0, start)}${' '.repeat(m.length % 7)}${out.slice(start)}` : `${out.slice(0, start)}${line}\n${out.slice(start)}`;
    }
  }
  return out;
}

/** Hostile pieces appended to an otherwise fine file. */
const hostile = fc.constantFrom(
  `x-bomb:\n${aliasBomb('  ')}`,
  `x-deep: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`,
  `x-deep2: ${'{a: '.repeat(150)}1${'}'.repeat(150)}\n`,
  `x-env: "${nestedDefault(10_000)}"\n`,
  'x-big: 1e99999\n',
  'x-dup: { a: 1, a: 2 }\n',
  'x-cycle: &c [*c]\n',
);

interface Case {
  example: string;
  compose: string;
  tests?: string;
  dotenv?: string;
}

describe('the loader under fuzzing', () => {
  const copies: Record<string, TempFiles> = {};
  const texts: Record<string, { compose: string; tests?: string }> = {};

  beforeAll(async () => {
    for (const example of ['quickstart', 'wikifarm']) {
      // A copy of each example, so that files it names (build contexts, configs, tests) exist.
      const temp = await tempFiles();
      await cp(join(EXAMPLES, example), temp.dir, { recursive: true });
      copies[example] = temp;
      const { readFile } = await import('node:fs/promises');
      texts[example] = { compose: await readFile(join(temp.dir, 'compose.yaml'), 'utf8') };
      if (example === 'wikifarm') texts[example]!.tests = await readFile(join(temp.dir, 'tests', 'wikis.yaml'), 'utf8');
    }
  });

  afterAll(async () => {
    for (const temp of Object.values(copies)) await rm(temp.dir, { recursive: true, force: true });
  });

  const cases: fc.Arbitrary<Case> = fc.oneof(
    structured.map((compose) => ({ example: 'quickstart', compose })),
    fc
      .record({ example: fc.constantFrom('quickstart', 'wikifarm'), mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }), testsMutations: fc.array(mutation, { maxLength: 4 }) })
      .map(({ example, mutations, testsMutations }) => {
        const text = texts[example]!;
        return { example, compose: mutate(text.compose, mutations), ...(text.tests ? { tests: mutate(text.tests, testsMutations) } : {}) };
      }),
    fc
      .record({ example: fc.constantFrom('quickstart', 'wikifarm'), piece: hostile, dotenv: fc.option(fc.constantFrom(`A=${nestedDefault(5_000)}\n`, 'B=${B}\n', 'C\n=\n', '\u0000'), { nil: undefined }) })
      .map(({ example, piece, dotenv }) => ({ example, compose: texts[example]!.compose + piece, ...(dotenv ? { dotenv } : {}) })),
  );

  it(`gives a project or a config error for up to ${RUNS} generated files, each in bounded time and memory`, { timeout: 120_000 }, async () => {
    let slowest = 0;
    let heapest = 0;
    const outcomes = { loaded: 0, configErrors: 0 };
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const dir = copies[c.example]!.dir;
        const file = join(dir, 'compose.fuzz.yaml');
        await writeFile(file, c.compose);
        if (c.tests !== undefined) await writeFile(join(dir, 'tests', 'wikis.yaml'), c.tests);
        await rm(join(dir, '.env'), { force: true });
        if (c.dotenv !== undefined) await writeFile(join(dir, '.env'), c.dotenv);
        const heapBefore = process.memoryUsage().heapUsed;
        const started = performance.now();
        try {
          const project = await loadProject({ cwd: dir, files: [file], env: { A: '', HOME: dir } });
          await loadTests(project, { cwd: dir });
          outcomes.loaded++;
        } catch (err) {
          if (!isTestbedError(err) || !['CONFIG_INVALID', 'CONFIG_NOT_FOUND'].includes(err.code)) throw err;
          expect(err.message.length).toBeGreaterThan(0);
          outcomes.configErrors++;
        }
        const ms = performance.now() - started;
        slowest = Math.max(slowest, ms);
        heapest = Math.max(heapest, process.memoryUsage().heapUsed - heapBefore);
        expect(ms, 'one case took too long').toBeLessThan(CASE_MS);
      }),
      // At most RUNS cases or 20 s, whichever comes first: a slow machine runs fewer, never longer.
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false },
    );
    expect(heapest, `largest heap growth in one case: ${(heapest / 1e6).toFixed(0)} MB`).toBeLessThan(CASE_HEAP_BYTES);
    // Both outcomes happen: the generator reaches past the first checks, not only syntax errors.
    expect(outcomes.loaded).toBeGreaterThan(0);
    expect(outcomes.configErrors).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(CASE_MS);
  });
});
