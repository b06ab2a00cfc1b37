/**
 * What a doctor check says about one service (or the project): pass, warn, fail, or unknown
 * when it cannot be decided (with why: never a silent pass), with the evidence it saw and a fix.
 */
import { FACTOR_ORDER, type FactorId } from './factors.js';

export type FindingStatus = 'pass' | 'warn' | 'fail' | 'unknown';

export interface Finding {
  /** The check's id, e.g. `config.literal-credentials` (docs/doctor.md lists them all). */
  check: string;
  factor: FactorId;
  /** Undefined for the project as a whole. */
  service?: string;
  status: FindingStatus;
  /** What was seen: values masked, positions as file:line:col. */
  evidence: string;
  /** What to do (warn, fail), or how to decide it (unknown). */
  fix?: string;
}

export type FailOn = 'warn' | 'fail';

export interface DoctorSummary {
  pass: number;
  warn: number;
  fail: number;
  unknown: number;
}

export interface DoctorReport {
  project: string;
  /** `static`: the files only; `set`: a running set too; `live`: a throwaway set doctor made and removed. */
  mode: 'static' | 'set' | 'live';
  /** The set looked at (for `live`, the throwaway one, gone by now). */
  set?: string;
  /** Why live checks could not run, when they could not. */
  liveUnavailable?: string;
  findings: Finding[];
  summary: DoctorSummary;
}

const STATUS_RANK: Record<FindingStatus, number> = { fail: 0, warn: 1, unknown: 2, pass: 3 };

/** By factor (report order), then check, then service. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      FACTOR_ORDER.indexOf(a.factor) - FACTOR_ORDER.indexOf(b.factor) ||
      a.check.localeCompare(b.check) ||
      (a.service ?? '').localeCompare(b.service ?? '') ||
      STATUS_RANK[a.status] - STATUS_RANK[b.status],
  );
}

export function summarize(findings: readonly Finding[]): DoctorSummary {
  const summary: DoctorSummary = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  for (const f of findings) summary[f.status]++;
  return summary;
}

/** Whether the report should fail a CI job: a failure, or with `warn` a warning too. Unknown never does. */
export function failsAt(report: Pick<DoctorReport, 'summary'>, failOn: FailOn): boolean {
  return report.summary.fail > 0 || (failOn === 'warn' && report.summary.warn > 0);
}

export function makeReport(input: Omit<DoctorReport, 'findings' | 'summary'>, findings: readonly Finding[]): DoctorReport {
  const sorted = sortFindings(findings);
  return { ...input, findings: sorted, summary: summarize(sorted) };
}
