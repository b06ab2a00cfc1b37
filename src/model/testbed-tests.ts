/**
 * `x-testbed.tests` and the files `x-testbed.include_tests` names (globs relative to the
 * project directory, each file with a top-level `tests:` mapping): every test checked and
 * normalised (test-definition.ts), every problem in every file reported together with file:line:col.
 */
import { relative } from 'node:path';
import { glob } from 'tinyglobby';
import { ConfigError, type ConfigIssue } from '../common/errors.js';
import { keyPositionAt, mapping, toPlain, type ConfigMapping, type Path } from '../config/config-tree.js';
import { mergeTrees } from '../config/merge.js';
import { parseYaml } from '../config/parse-yaml.js';
import { readTextFile } from '../config/read-text.js';
import { Diagnostics } from './diagnostics.js';
import type { ConfigWarning, Project } from './project.js';
import { normalizeTest, testSchema, TEST_NAME_PATTERN, type Located, type TestDefinition } from './test-definition.js';
import { jobNames, resolveNeeds } from './test-needs.js';
import { reportZodIssues } from './zod-issues.js';

export {
  DEFAULT_TEST_TIMEOUT_MS,
  TEST_NAME_PATTERN,
  type FileExpectation,
  type HttpCheck,
  type Located,
  type TestDefinition,
  type TestNeed,
  type TextExpectation,
} from './test-definition.js';

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
  collectTests(project.tests.inline, ['x-testbed', 'tests'], main, located);

  const found = new Set<string>();
  for (const pattern of project.tests.include) {
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
    const text = await readTextFile(file).catch((err: Error) => {
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
    const text = await readTextFile(file).catch(() => undefined);
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
