/**
 * A doctor report as JUnit XML, for CI: one <testsuite> per factor, one <testcase> per check
 * and service. A failure is a <failure>; a warning is one too with `failOn: warn` (else it is
 * written to <system-out>); unknown is <skipped> with why.
 */
import { create } from 'xmlbuilder2';
import { FACTOR_ORDER, factorName } from './factors.js';
import type { DoctorReport, FailOn, Finding } from './finding.js';

/** XML 1.0 cannot hold most control characters, whatever the escaping. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g, '\uFFFD');
}

const failing = (f: Finding, failOn: FailOn) => f.status === 'fail' || (failOn === 'warn' && f.status === 'warn');

export function doctorJunitXml(report: DoctorReport, failOn: FailOn = 'fail'): string {
  const count = (list: readonly Finding[]) => ({
    tests: String(list.length),
    failures: String(list.filter((f) => failing(f, failOn)).length),
    errors: '0',
    skipped: String(list.filter((f) => f.status === 'unknown').length),
  });
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', { name: `testbed doctor ${report.project}`, ...count(report.findings) });
  for (const factor of FACTOR_ORDER) {
    const findings = report.findings.filter((f) => f.factor === factor);
    if (findings.length === 0) continue;
    const suite = root.ele('testsuite', { name: factorName(factor), ...count(findings) });
    for (const f of findings) {
      const test = suite.ele('testcase', { name: f.service ? `${f.check} (${f.service})` : f.check, classname: `doctor.${report.project}.${factor}` });
      const text = clean(f.fix ? `${f.evidence}\nfix: ${f.fix}` : f.evidence);
      if (failing(f, failOn)) test.ele('failure', { message: clean(f.evidence), type: f.status }).txt(text);
      else if (f.status === 'unknown') test.ele('skipped', { message: clean(`unknown: ${f.evidence}`) });
      else test.ele('system-out').txt(clean(`${f.status}: ${text}`));
    }
  }
  return root.end({ prettyPrint: true }) + '\n';
}
