/**
 * JUnit XML of test runs, as GitLab and GitHub read it: one <testsuite> per set, one
 * <testcase> per test, with <failure>, <error> or <skipped>, and the output.
 */
import { create } from 'xmlbuilder2';
import type { TestResult, TestRunReport } from './test-result.js';

/** Output kept per test in the XML; the files in the set folder hold all of it. */
const MAX_OUTPUT_CHARS = 64 * 1024;

export function junitXml(reports: readonly TestRunReport[]): string {
  const total = (pick: (r: TestRunReport) => number) => reports.reduce((sum, r) => sum + pick(r), 0);
  const errors = (r: TestRunReport) => r.results.filter((x) => x.error).length;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'testbed',
    tests: String(total((r) => r.summary.total)),
    failures: String(total((r) => r.summary.failed - errors(r))),
    errors: String(total(errors)),
    skipped: String(total((r) => r.summary.skipped)),
    time: seconds(total((r) => r.durationMs)),
  });
  for (const report of reports) {
    const suite = root.ele('testsuite', {
      name: `${report.project}/${report.set}`,
      tests: String(report.summary.total),
      failures: String(report.summary.failed - errors(report)),
      errors: String(errors(report)),
      skipped: String(report.summary.skipped),
      time: seconds(report.durationMs),
      timestamp: report.startedAt,
    });
    for (const result of report.results) testcase(suite, report, result);
  }
  return root.end({ prettyPrint: true }) + '\n';
}

type Element = ReturnType<ReturnType<typeof create>['ele']>;

function testcase(suite: Element, report: TestRunReport, result: TestResult): void {
  const test = suite.ele('testcase', { name: result.test, classname: `${report.project}.${report.set}`, time: seconds(result.durationMs) });
  if (result.outcome === 'skipped') test.ele('skipped', { message: clean(result.skipReason ?? 'skipped') });
  else if (result.error) {
    test.ele('error', { message: clean(result.error.message), type: result.error.code }).txt(clean([result.error.message, ...result.failures].join('\n')));
  } else if (result.outcome === 'failed') {
    test.ele('failure', { message: clean(result.failures[0] ?? 'failed'), type: 'expectation' }).txt(clean(result.failures.join('\n')));
  }
  if (result.stdout) test.ele('system-out').txt(clean(bounded(result.stdout)));
  if (result.stderr) test.ele('system-err').txt(clean(bounded(result.stderr)));
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function bounded(text: string): string {
  return text.length > MAX_OUTPUT_CHARS ? `[... ${text.length - MAX_OUTPUT_CHARS} characters left out ...]\n${text.slice(-MAX_OUTPUT_CHARS)}` : text;
}

/** XML 1.0 cannot hold most control characters, whatever the escaping. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '\uFFFD');
}
