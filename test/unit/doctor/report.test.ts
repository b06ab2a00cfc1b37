/** The report's verdict for CI, and its JUnit form. */
import { describe, expect, it } from 'vitest';
import { failsAt, makeReport, type Finding } from '../../../src/model/doctor/finding.js';
import { doctorJunitXml } from '../../../src/model/doctor/junit.js';

const findings: Finding[] = [
  { check: 'security.writable-root', factor: 'security', service: 'web', status: 'warn', evidence: 'writable', fix: 'read_only' },
  { check: 'config.literal-credentials', factor: 'config', service: 'db', status: 'pass', evidence: 'none' },
  { check: 'disposability.stop-signal', factor: 'disposability', service: 'web', status: 'unknown', evidence: 'measured on --live' },
];

describe('the doctor report', () => {
  it('is sorted by factor, counted, and fails CI at the level asked for; unknown never fails', () => {
    const report = makeReport({ project: 'shop', mode: 'static' }, findings);
    expect(report.findings.map((f) => f.factor)).toEqual(['config', 'disposability', 'security']);
    expect(report.summary).toEqual({ pass: 1, warn: 1, fail: 0, unknown: 1 });
    expect(failsAt(report, 'fail')).toBe(false);
    expect(failsAt(report, 'warn')).toBe(true);
    const failing = makeReport({ project: 'shop', mode: 'static' }, [...findings, { ...findings[1]!, status: 'fail', evidence: 'x\u0001' }]);
    expect(failsAt(failing, 'fail')).toBe(true);
  });

  it('in JUnit: a suite per factor, failures as asked, unknown skipped', () => {
    const report = makeReport({ project: 'shop', mode: 'static' }, findings);
    const warnAsPass = doctorJunitXml(report, 'fail');
    expect(warnAsPass).toContain('<testsuite name="Security" tests="1" failures="0" errors="0" skipped="0">');
    expect(warnAsPass).toContain('<testcase name="security.writable-root (web)" classname="doctor.shop.security">');
    expect(warnAsPass).toContain('<skipped message="unknown: measured on --live"/>');
    const warnFails = doctorJunitXml(report, 'warn');
    expect(warnFails).toContain('<failure message="writable" type="warn">writable\nfix: read_only</failure>');
    expect(warnFails).toMatch(/<testsuites name="testbed doctor shop" tests="3" failures="1"/);
  });
});
