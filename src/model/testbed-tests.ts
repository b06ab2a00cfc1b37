/**
 * `x-testbed.tests` and the files `x-testbed.include_tests` names (globs relative to the
 * project directory, each file with a top-level `tests:` mapping): every test checked and
 * normalised, every problem in every file reported together with file:line:col.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { glob } from 'tinyglobby';
import { z } from 'zod';
import { ConfigError, type ConfigIssue, type SourcePosition } from '../common/errors.js';
import { keyPositionAt, mapping, toPlain, type ConfigMapping, type Path } from '../config/config-tree.js';
import { mergeTrees } from '../config/merge.js';
import { parseYaml } from '../config/parse-yaml.js';
import { checkServiceName, commandFields, durationMs, normalizeCommandSpec, type CommandSpec } from './command-spec.js';
import { Diagnostics } from './diagnostics.js';
import type { ConfigWarning, Project } from './project.js';
import { jobNames, resolveNeeds } from './test-needs.js';
import { reportZodIssues } from './zod-issues.js';

/** A test's default timeout, as documented. */
export const DEFAULT_TEST_TIMEOUT_MS = 120_000;

export const TEST_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const oneOrMore = z.union([z.string(), z.array(z.string())]);
const textSchema = z.union([
  z.string(),
  z.object({ contains: oneOrMore.optional(), not_contains: oneOrMore.optional(), matches: oneOrMore.optional() }).strict(),
]);
const fileExpectation = z.union([
  z.string(),
  z.object({ service: z.string().min(1).optional(), replica: z.number().int().positive().optional(), path: z.string() }).strict(),
]);
const httpCheck = z
  .object({
    service: z.string().min(1),
    replica: z.number().int().positive().optional(),
    port: z.number().int().min(1).max(65535),
    path: z.string().optional(),
    method: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    status: z.number().int().optional(),
    body: textSchema.optional(),
  })
  .strict();
const testSchema = z
  .object({
    description: z.string().optional(),
    ...commandFields,
    expect: z
      .object({
        exit_code: z.number().int().optional(),
        stdout: textSchema.optional(),
        stderr: textSchema.optional(),
        files: z.array(fileExpectation).optional(),
      })
      .strict()
      .optional(),
    http: httpCheck.optional(),
    needs: oneOrMore.optional(),
  })
  .strict();
type RawTest = z.infer<typeof testSchema>;

/** Patterns a text must meet; `matches` are regular expressions (multiline: ^ and $ match at lines). */
export interface TextExpectation {
  contains: string[];
  notContains: string[];
  matches: string[];
}

export interface FileExpectation {
  /** Undefined: the test's own container (its exec service, or its new container before removal). */
  service?: string;
  replica?: number;
  path: string;
}

export interface HttpCheck {
  service: string;
  replica: number;
  /** The container port; the request goes to where the set publishes it on the host. */
  port: number;
  path: string;
  method: string;
  headers: Record<string, string>;
  status: number;
  body?: TextExpectation;
}

export interface TestNeed {
  name: string;
  kind: 'test' | 'job';
  position?: SourcePosition;
}

export interface TestDefinition {
  name: string;
  description?: string;
  /** What to run and where; undefined for a test that is only an HTTP check. */
  command?: CommandSpec;
  expect: {
    exitCode: number;
    stdout?: TextExpectation;
    stderr?: TextExpectation;
    files: FileExpectation[];
  };
  http?: HttpCheck;
  needs: TestNeed[];
  timeoutMs: number;
  /** Services it uses that a profile leaves out: the test is skipped. */
  inactiveServices?: string[];
  /** Where the test is defined (its key). */
  position?: SourcePosition;
}

export interface TestSuite {
  /** In the order of the files: main file first, then included files in name order. */
  tests: TestDefinition[];
  /** Included files, absolute. */
  files: string[];
  warnings: ConfigWarning[];
}

export interface LoadTestsOptions {
  /** For file names in positions; default process.cwd(). */
  cwd?: string;
}

export interface Located {
  /** Undefined when the test failed the schema (it is still known by name). */
  raw?: RawTest;
  diagnostics: Diagnostics;
  at: Path;
}

/** @throws ConfigError with every problem of every test file */
export async function loadTests(project: Project, options: LoadTestsOptions = {}): Promise<TestSuite> {
  const cwd = options.cwd ?? process.cwd();
  const display = (path: string) => {
    const rel = relative(cwd, path);
    return rel.startsWith('..') ? path : rel;
  };
  const issues: ConfigIssue[] = [];
  const warnings: ConfigWarning[] = [];
  const located = new Map<string, Located>();
  const all: Diagnostics[] = [];

  const main = new Diagnostics(await mainTree(project, display));
  all.push(main);
  const block = project.testbed;
  collectTests(block.tests, ['x-testbed', 'tests'], main, located);

  const patterns = includePatterns(block.include_tests, main);
  const found = new Set<string>();
  for (const pattern of patterns) {
    const matched = await glob(pattern, { cwd: project.directory, absolute: true, onlyFiles: true });
    if (matched.length === 0) {
      warnings.push({
        message: `x-testbed.include_tests: ${pattern} matches no file`,
        position: keyPositionAt(main.tree, ['x-testbed', 'include_tests']),
      });
    }
    for (const file of matched) found.add(file);
  }
  const files = [...found].sort();
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch((err: Error) => {
      issues.push({ message: `cannot read ${display(file)}: ${err.message}` });
      return undefined;
    });
    if (text === undefined) continue;
    const parsed = parseYaml(text, display(file));
    issues.push(...parsed.issues);
    if (!parsed.root) continue;
    if (parsed.root.kind !== 'mapping') {
      issues.push({ message: `${display(file)} must be a mapping with a top-level tests: key`, position: parsed.root.position });
      continue;
    }
    const diagnostics = new Diagnostics(parsed.root);
    all.push(diagnostics);
    for (const key of parsed.root.entries.keys()) {
      if (key !== 'tests' && !key.startsWith('x-')) diagnostics.keyError([key], 'is not a known key in a tests file (only tests:)');
    }
    const plain = toPlain(parsed.root, { textPaths: [['tests', '*', 'environment', '*']] }) as Record<string, unknown>;
    if (plain.tests === undefined) diagnostics.error([], 'has no tests: mapping');
    collectTests(plain.tests, ['tests'], diagnostics, located);
  }

  const tests = [...located.entries()].flatMap(([name, where]) => (where.raw ? (normalizeTest(name, where.raw, where, project) ?? []) : []));
  resolveNeeds(tests, located, jobNames(project));
  for (const d of all) issues.push(...d.issues);
  if (issues.length > 0) throw new ConfigError(issues, { hint: 'Fix the tests at the positions shown, then run the command again.' });
  return { tests, files, warnings };
}

/** The project's files parsed again and merged, only to know where each test is written. */
async function mainTree(project: Project, display: (path: string) => string): Promise<ConfigMapping> {
  const trees: ConfigMapping[] = [];
  for (const file of project.files) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const root = text === undefined ? undefined : parseYaml(text, display(file)).root;
    if (root?.kind === 'mapping') trees.push(root);
  }
  return trees.length ? mergeTrees(trees) : mapping({ file: display(project.files[0] ?? 'compose.yaml'), line: 1, col: 1 });
}

function collectTests(value: unknown, at: Path, diagnostics: Diagnostics, located: Map<string, Located>): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.error(at, 'expected a mapping of test names to tests');
    return;
  }
  for (const [name, raw] of Object.entries(value)) {
    const path = [...at, name];
    if (!TEST_NAME_PATTERN.test(name)) {
      diagnostics.keyError(path, 'is not a valid test name; use letters, digits, ".", "_" and "-", starting with a letter or digit');
      continue;
    }
    const earlier = located.get(name);
    if (earlier) {
      const where = keyPositionAt(earlier.diagnostics.tree, earlier.at);
      const at = where ? ` (first at ${where.file}:${where.line}:${where.col})` : '';
      diagnostics.keyError(path, `test ${name} is defined twice${at}`);
      continue;
    }
    const result = testSchema.safeParse(raw ?? {});
    if (!result.success) reportZodIssues(diagnostics, path, result.error.issues);
    located.set(name, { ...(result.success ? { raw: result.data } : {}), diagnostics, at: path });
  }
}

function includePatterns(value: unknown, diagnostics: Diagnostics): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  diagnostics.error(['x-testbed', 'include_tests'], 'expected a glob or a list of globs, e.g. [tests/*.yaml]');
  return [];
}

function normalizeTest(name: string, raw: RawTest, where: Located, project: Project): TestDefinition | undefined {
  const { diagnostics, at } = where;
  const before = diagnostics.issues.length;
  const command = normalizeCommandSpec(raw, at, project, diagnostics);
  const http = raw.http && httpOf(raw.http, [...at, 'http'], project, diagnostics);
  if (!command && !raw.http && diagnostics.issues.length === before) {
    diagnostics.keyError(at, 'runs nothing; give a command (with service:, run: or image:) or an http: check');
  }
  const expect = raw.expect ?? {};
  if (!command && (expect.exit_code !== undefined || expect.stdout !== undefined || expect.stderr !== undefined)) {
    diagnostics.keyError([...at, 'expect'], 'exit_code, stdout and stderr need a command to run');
  }
  const inactive = new Set(command?.inactiveService ? [command.inactiveService] : []);
  const files = (expect.files ?? []).map((f, i) => {
    const file = typeof f === 'string' ? { path: f } : f;
    const path = [...at, 'expect', 'files', i];
    if (!file.path.startsWith('/')) diagnostics.error(path, `"${file.path}" is not an absolute path in the container`);
    if (file.service !== undefined && checkServiceName(file.service, [...path, 'service'], project, diagnostics) === 'inactive') inactive.add(file.service);
    else if (!command) diagnostics.error(path, 'names no service:, and the test runs no command whose container it could be in');
    return file.replica === undefined || file.service === undefined ? { ...file, replica: undefined } : file;
  });
  const timeoutMs = command?.timeoutMs ?? durationMs(raw.timeout, [...at, 'timeout'], diagnostics) ?? DEFAULT_TEST_TIMEOUT_MS;
  const stdout = textExpectation(expect.stdout, [...at, 'expect', 'stdout'], diagnostics);
  const stderr = textExpectation(expect.stderr, [...at, 'expect', 'stderr'], diagnostics);
  if (diagnostics.issues.length > before) return undefined;

  const test: TestDefinition = {
    name,
    expect: {
      exitCode: expect.exit_code ?? 0,
      files: files.map((f) => ({ path: f.path, ...(f.service ? { service: f.service } : {}), ...(f.replica ? { replica: f.replica } : {}) })),
    },
    needs: [],
    timeoutMs,
  };
  if (raw.description !== undefined) test.description = raw.description;
  if (http && !project.services[http.service]) inactive.add(http.service);
  if (inactive.size > 0) test.inactiveServices = [...inactive];
  if (command) test.command = command;
  if (http) test.http = http;
  if (stdout) test.expect.stdout = stdout;
  if (stderr) test.expect.stderr = stderr;
  const position = keyPositionAt(diagnostics.tree, at);
  if (position) test.position = position;
  return test;
}

function httpOf(raw: NonNullable<RawTest['http']>, at: Path, project: Project, diagnostics: Diagnostics): HttpCheck | undefined {
  checkServiceName(raw.service, [...at, 'service'], project, diagnostics);
  const path = raw.path ?? '/';
  if (!path.startsWith('/')) diagnostics.error([...at, 'path'], `"${path}" must start with /`);
  const check: HttpCheck = {
    service: raw.service,
    replica: raw.replica ?? 1,
    port: raw.port,
    path,
    method: (raw.method ?? 'GET').toUpperCase(),
    headers: raw.headers ?? {},
    status: raw.status ?? 200,
  };
  const body = textExpectation(raw.body, [...at, 'body'], diagnostics);
  if (body) check.body = body;
  return check;
}

/** A plain string means "contains". */
function textExpectation(raw: z.infer<typeof textSchema> | undefined, at: Path, diagnostics: Diagnostics): TextExpectation | undefined {
  if (raw === undefined) return undefined;
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : typeof v === 'string' ? [v] : v);
  const out: TextExpectation =
    typeof raw === 'string'
      ? { contains: [raw], notContains: [], matches: [] }
      : { contains: list(raw.contains), notContains: list(raw.not_contains), matches: list(raw.matches) };
  out.matches.forEach((pattern, i) => {
    try {
      new RegExp(pattern, 'm');
    } catch (err) {
      const path = typeof raw === 'object' && Array.isArray(raw.matches) ? [...at, 'matches', i] : [...at, 'matches'];
      diagnostics.error(path, `"${pattern}" is not a valid regular expression: ${(err as Error).message}`);
    }
  });
  return out;
}
