/**
 * What running tests produces: one result per test and set, and the report of one run.
 * These are stored as JSON in the set folder and printed by `--json`, so they hold plain data.
 */

export type TestOutcome = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  test: string;
  set: string;
  outcome: TestOutcome;
  /** What was not as expected, one sentence each. */
  failures: string[];
  /** The test could not run to the end (e.g. its service is not running): the error's message. */
  error?: { code: string; message: string };
  /** Why it did not run. */
  skipReason?: string;
  /** ISO times; absent for skipped tests. */
  startedAt?: string;
  finishedAt?: string;
  durationMs: number;
  /** Where the command ran: "exec web-1", "run db", "image busybox:latest". */
  ranIn?: string;
  command?: string[];
  exitCode?: number;
  timedOut: boolean;
  /** The output as kept in memory (first and last part when long); whole in the files. */
  stdout: string;
  stderr: string;
  outputTruncated: boolean;
  http?: { method: string; url: string; status?: number; body: string };
  /** Files collected, relative to the test's result folder (artifacts/<service>/<path>). */
  artifacts: string[];
  /** The test's result folder: stdout, stderr, result.json, artifacts/. */
  folder: string;
}

export interface TestSummary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface TestRunReport {
  project: string;
  set: string;
  /** The run's folder name under tests/ (a timestamp). */
  runId: string;
  folder: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  summary: TestSummary;
  results: TestResult[];
}

/** A result with nothing run yet: the start of a run, or the whole of a skipped test. */
export function emptyResult(test: string, set: string, folder: string, outcome: TestOutcome): TestResult {
  return {
    test,
    set,
    outcome,
    failures: [],
    durationMs: 0,
    timedOut: false,
    stdout: '',
    stderr: '',
    outputTruncated: false,
    artifacts: [],
    folder,
  };
}

export function summarize(results: readonly TestResult[]): TestSummary {
  const count = (o: TestOutcome) => results.filter((r) => r.outcome === o).length;
  return { total: results.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

/** Every test passed (none failed, none skipped). */
export function allPassed(reports: readonly TestRunReport[]): boolean {
  return reports.every((r) => r.summary.passed === r.summary.total);
}
