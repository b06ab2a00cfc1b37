/**
 * How test runs look on a terminal: a line per test as it finishes, then what failed and a
 * summary; for several sets, a table of outcomes side by side and the diffs between them.
 */
import type { TestEventSink } from '../../api/events.js';
import { formatMs, type SetComparison, type StoredResult, type StoredRun, type TestDefinition, type TestOutcome, type TestRunReport, type TestSuite } from '../../api/tests.js';
import { colors, say, type Output } from '../output.js';
import { table } from './table.js';

/** Lines of output shown under a failed test. */
const OUTPUT_LINES = 10;

export function testProgress(out: Output, showSet: boolean): TestEventSink {
  const c = colors(out);
  return (e) => {
    if (out.json) return;
    const prefix = showSet ? c.dim(`[${e.set}] `) : '';
    if (e.kind === 'started') return say(out, `${prefix}${c.cyan('•')} ${e.test} ${c.dim('running')}`);
    const r = e.result;
    if (r.outcome === 'skipped') return say(out, `${prefix}${c.yellow('-')} ${r.test} skipped ${c.dim(r.skipReason ?? '')}`);
    const first = r.error?.message ?? r.failures[0];
    const mark = r.outcome === 'passed' ? c.green('✔') : c.red('✘');
    say(out, `${prefix}${mark} ${r.test} ${c.dim(formatMs(r.durationMs))}${first ? '  ' + first : ''}`);
  };
}

/** What failed, with the end of its output, and the counts. */
export function renderSummary(out: Output, reports: TestRunReport[]): string {
  const c = colors(out);
  const lines: string[] = [];
  for (const report of reports) {
    for (const r of report.results.filter((x) => x.outcome === 'failed')) {
      lines.push('', `${c.red('✘')} ${c.bold(r.test)}${reports.length > 1 ? ` on ${r.set}` : ''} ${c.dim(r.ranIn ?? '')}`);
      if (r.error) lines.push(`    ${c.red('error:')} ${r.error.message}`);
      for (const f of r.failures) lines.push(`    ${f}`);
      for (const stream of ['stderr', 'stdout'] as const) {
        const tail = lastLines(r[stream], OUTPUT_LINES);
        if (tail.length) lines.push(`    ${c.dim(`${stream}:`)}`, ...tail.map((l) => `    ${c.dim('|')} ${l}`));
      }
      lines.push(`    ${c.dim(`results: ${r.folder}`)}`);
    }
  }
  const count = (pick: (r: TestRunReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const passed = count((r) => r.summary.passed);
  const failed = count((r) => r.summary.failed);
  const skipped = count((r) => r.summary.skipped);
  const time = Math.max(...reports.map((r) => r.durationMs));
  const parts = [c.green(`${passed} passed`), failed ? c.red(`${failed} failed`) : `${failed} failed`, skipped ? c.yellow(`${skipped} skipped`) : `${skipped} skipped`];
  lines.push('', `${parts.join(', ')} in ${formatMs(time)}`);
  for (const report of reports) lines.push(c.dim(`results of ${report.set}: ${report.folder}`));
  return lines.join('\n');
}

export function renderComparison(out: Output, comparison: SetComparison): string {
  const c = colors(out);
  const cell = (outcome: TestOutcome, ms: number) => {
    const text = `${outcome} ${formatMs(ms)}`;
    return outcome === 'passed' ? c.green(text) : outcome === 'failed' ? c.red(text) : c.yellow(text);
  };
  const lines = [
    table(
      ['TEST', ...comparison.sets.map((s) => s.toUpperCase()), 'SAME'],
      comparison.tests.map((t) => [t.test, ...t.results.map((r) => cell(r.outcome, r.durationMs)), t.same ? 'yes' : c.yellow('no')]),
    ),
  ];
  for (const t of comparison.tests) {
    for (const d of t.differences) {
      lines.push('', c.bold(`${t.test}: ${d.what} differs between ${comparison.sets[0]} and ${d.set}`));
      lines.push(colorDiff(out, d.diff).trimEnd());
    }
  }
  return lines.join('\n');
}

export function renderTestList(out: Output, suite: TestSuite): string {
  if (suite.tests.length === 0) return 'no tests; define them under x-testbed.tests (see docs/testing.md)';
  return table(
    ['TEST', 'RUNS', 'NEEDS', 'DESCRIPTION'],
    suite.tests.map((t) => [t.name, runsIn(t), t.needs.map((n) => n.name).join(', ') || '-', t.description ?? '']),
  );
}

/** "exec db", "run migrate", "image busybox:latest", "http web:80/" */
export function runsIn(test: TestDefinition): string {
  const parts: string[] = [];
  const target = test.command?.target;
  if (target?.kind === 'exec') parts.push(`exec ${target.service}`);
  if (target?.kind === 'run') parts.push(`run ${target.service}`);
  if (target?.kind === 'image') parts.push(`image ${target.image}`);
  if (test.http) parts.push(`http ${test.http.service}:${test.http.port}${test.http.path}`);
  return parts.join(' + ');
}

export function renderRuns(out: Output, runs: StoredRun[], test?: string): string {
  const c = colors(out);
  if (runs.length === 0) return test ? `no stored runs of test ${test}` : 'no stored test runs; run some with: testbed test SET';
  const outcome = (o: TestOutcome) => (o === 'passed' ? c.green(o) : o === 'failed' ? c.red(o) : c.yellow(o));
  if (test) {
    return table(
      ['RUN', 'OUTCOME', 'EXIT', 'DURATION', 'DETAIL', 'FOLDER'],
      runs.map((run) => {
        const r = run.results[0]!;
        return [run.runId, outcome(r.outcome), r.exitCode === undefined ? '-' : String(r.exitCode), formatMs(r.durationMs), detail(r), r.folder];
      }),
    );
  }
  return table(
    ['RUN', 'PASSED', 'FAILED', 'SKIPPED', 'DURATION', 'FAILING'],
    runs.map((run) => [
      run.runId,
      String(run.summary.passed),
      run.summary.failed ? c.red(String(run.summary.failed)) : '0',
      String(run.summary.skipped),
      formatMs(run.durationMs),
      run.results.filter((r) => r.outcome === 'failed').map((r) => r.test).join(', ') || '-',
    ]),
  );
}

function detail(r: StoredResult): string {
  return r.error?.message ?? r.failures[0] ?? r.skipReason ?? '';
}

function lastLines(text: string, n: number): string[] {
  const lines = text.replace(/\n$/, '').split('\n');
  return text === '' ? [] : lines.slice(-n);
}

function colorDiff(out: Output, diff: string): string {
  const c = colors(out);
  return diff
    .split('\n')
    .map((l) => (l.startsWith('+') ? c.green(l) : l.startsWith('-') ? c.red(l) : l.startsWith('@@') ? c.cyan(l) : l))
    .join('\n');
}
