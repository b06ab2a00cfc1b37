/**
 * One test as the file writes it and as Testbed runs it: the schema of a test (command keys
 * shared with jobs, expectations, http check, needs) and its normalisation, with positions.
 */
import { z } from 'zod';
import type { SourcePosition } from '../common/errors.js';
import { keyPositionAt, type Path } from '../config/config-tree.js';
import { checkServiceName, commandFields, durationMs, normalizeCommandSpec, type CommandSpec } from './command-spec.js';
import type { Diagnostics } from './diagnostics.js';
import type { Project } from './project.js';

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
export const testSchema = z
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
    compare: z
      .object({
        /** Regular expressions; what they match is left out when sets are compared (`--sets`). */
        ignore: oneOrMore.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RawTest = z.infer<typeof testSchema>;

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
  /** Regular expressions whose matches are left out when sets are compared (`compare.ignore`). */
  compareIgnore?: string[];
  /** Services it uses that a profile leaves out: the test is skipped. */
  inactiveServices?: string[];
  /** Where the test is defined (its key). */
  position?: SourcePosition;
}

export interface Located {
  /** Undefined when the test failed the schema (it is still known by name). */
  raw?: RawTest;
  diagnostics: Diagnostics;
  at: Path;
}

export function normalizeTest(name: string, raw: RawTest, where: Located, project: Project): TestDefinition | undefined {
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
  const compareIgnore = ignorePatterns(raw.compare?.ignore, [...at, 'compare', 'ignore'], diagnostics);
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
  if (compareIgnore.length > 0) test.compareIgnore = compareIgnore;
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
    const path = typeof raw === 'object' && Array.isArray(raw.matches) ? [...at, 'matches', i] : [...at, 'matches'];
    checkRegExp(pattern, path, diagnostics);
  });
  return out;
}

/** `compare.ignore`: each a valid regular expression that cannot match nothing (it would match between every character). */
function ignorePatterns(raw: string | string[] | undefined, at: Path, diagnostics: Diagnostics): string[] {
  const patterns = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
  patterns.forEach((pattern, i) => {
    const path = Array.isArray(raw) ? [...at, i] : at;
    const compiled = checkRegExp(pattern, path, diagnostics);
    if (compiled?.test('')) diagnostics.error(path, `"${pattern}" matches an empty text, so it would ignore nothing in particular; make it match at least one character`);
  });
  return patterns;
}

function checkRegExp(pattern: string, at: Path, diagnostics: Diagnostics): RegExp | undefined {
  try {
    return new RegExp(pattern, 'm');
  } catch (err) {
    diagnostics.error(at, `"${pattern}" is not a valid regular expression: ${(err as Error).message}`);
    return undefined;
  }
}
