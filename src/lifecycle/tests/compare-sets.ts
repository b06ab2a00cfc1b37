/**
 * The same tests on several sets (e.g. two configurations or two versions of the code), and
 * what differs between them: each test's outcome and duration per set, and a unified diff of
 * its output and of its artifacts against the first set. Outputs are compared, and their diffs
 * shown, with what is each set's own (names, addresses, ids, secrets) and points in time
 * replaced by placeholders (output-normalizer.ts): what remains is what the sets' configuration
 * or code makes differ.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { UsageError } from '../../common/errors.js';
import { unifiedDiff } from '../../common/unified-diff.js';
import { loadTests, type TestDefinition } from '../../model/testbed-tests.js';
import { requireProject, type SetContext } from '../set-context.js';
import { comparableText, identityMasker, ignorePatterns } from './output-normalizer.js';
import { runIdFor } from './results-store.js';
import { DEFAULT_TEST_CONCURRENCY, runTests, type RunTestsOptions } from './run-tests.js';
import { readSetIdentity } from './set-identity.js';
import type { TestResult, TestRunReport } from './test-result.js';

export interface CompareOptions extends Omit<RunTestsOptions, 'render' | 'runJob' | 'suite' | 'limit' | 'runId'> {
  /** Each set's renderer and job runner (their values, secrets and jobs are their own). */
  hooksFor?: (ctx: SetContext) => Pick<RunTestsOptions, 'render' | 'runJob'>;
}

export interface OutputDifference {
  /** "stdout", "stderr", "http-body", or an artifact: "artifacts/db/tmp/report.txt" */
  what: string;
  /** The set compared with the first one. */
  set: string;
  /** Of the texts as compared: placeholders (`<set>`, `<web address>`, `<time>`...) for what is each set's own. */
  diff: string;
}

export interface TestComparison {
  test: string;
  /** One per set, in the order of the sets. */
  results: TestResult[];
  /** Same outcome everywhere and no output differs. */
  same: boolean;
  differences: OutputDifference[];
}

export interface SetComparison {
  sets: string[];
  reports: TestRunReport[];
  tests: TestComparison[];
}

export async function compareSets(contexts: SetContext[], options: CompareOptions = {}): Promise<SetComparison> {
  if (contexts.length < 2) throw new UsageError('comparing needs at least two sets', { hint: 'Example: testbed test --sets old,new' });
  const names = contexts.map((c) => c.set);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new UsageError(`set ${twice} is named twice`);
  const suite = await loadTests(requireProject(contexts[0]!, 'test'));
  // One limiter for all sets, so the machine runs no more tests at once than asked.
  const limit = pLimit(Math.max(1, options.concurrency ?? DEFAULT_TEST_CONCURRENCY));
  const runId = runIdFor((options.clock ?? (() => new Date()))());
  const reports = await Promise.all(
    contexts.map((ctx) => runTests(ctx, { ...options, ...options.hooksFor?.(ctx), suite, limit, runId })),
  );
  const mask = identityMasker(await Promise.all(contexts.map(readSetIdentity)));
  const definitions = new Map(suite.tests.map((t) => [t.name, t]));
  const tests = await Promise.all(
    reports[0]!.results.map(async (first) => {
      const results = reports.map((r) => r.results.find((x) => x.test === first.test)!);
      const comparable = comparer(mask, definitions.get(first.test));
      const differences = (await Promise.all(results.slice(1).map((other) => differencesBetween(first, other, comparable)))).flat();
      const same = differences.length === 0 && results.every((r) => r.outcome === first.outcome);
      return { test: first.test, results, same, differences };
    }),
  );
  return { sets: names, reports, tests };
}

/** One test's text as compared: the sets' own tokens, times and its `compare.ignore` matches replaced. */
function comparer(mask: (text: string) => string, test: TestDefinition | undefined): (text: string) => string {
  const ignore = ignorePatterns(test?.compareIgnore);
  return (text) => comparableText(text, mask, ignore);
}

async function differencesBetween(a: TestResult, b: TestResult, comparable: (text: string) => string): Promise<OutputDifference[]> {
  const out: OutputDifference[] = [];
  const label = (r: TestResult, what: string) => `${r.set}/${r.test}/${what}`;
  const add = (what: string, left: string, right: string) => {
    const diff = unifiedDiff(comparable(left), comparable(right), { from: label(a, what), to: label(b, what) });
    if (diff) out.push({ what, set: b.set, diff });
  };
  add('stdout', a.stdout, b.stdout);
  add('stderr', a.stderr, b.stderr);
  if (a.http || b.http) add('http-body', a.http?.body ?? '', b.http?.body ?? '');
  for (const artifact of [...new Set([...a.artifacts, ...b.artifacts])].sort()) {
    const [left, right] = await Promise.all([readArtifact(a, artifact), readArtifact(b, artifact)]);
    if (left === undefined || right === undefined) {
      out.push({ what: artifact, set: b.set, diff: `only in ${left === undefined ? b.set : a.set}\n` });
    } else if (left.includes(0) || right.includes(0)) {
      if (!left.equals(right)) out.push({ what: artifact, set: b.set, diff: `binary files differ (${left.length} and ${right.length} bytes)\n` });
    } else {
      add(artifact, left.toString('utf8'), right.toString('utf8'));
    }
  }
  return out;
}

async function readArtifact(result: TestResult, artifact: string): Promise<Buffer | undefined> {
  if (!result.artifacts.includes(artifact)) return undefined;
  return readFile(join(result.folder, artifact)).catch(() => undefined);
}
