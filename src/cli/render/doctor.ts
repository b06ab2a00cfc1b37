/** A doctor report for people: grouped by factor, one line per finding, its fix below it. */
import { FACTOR_ORDER, factorName, type DoctorReport, type Finding } from '../../api/doctor.js';
import { colors, type Output } from '../output.js';

const WORD = { pass: 'pass', warn: 'warn', fail: 'FAIL', unknown: 'unknown' } as const;

export function renderDoctor(out: Output, report: DoctorReport, options: { passes: boolean }): string {
  const c = colors(out);
  const paint = { pass: c.green, warn: c.yellow, fail: c.red, unknown: c.dim } as const;
  const shown = merged(report.findings.filter((f) => options.passes || f.status !== 'pass'));
  const width = (pick: (f: Finding) => string) => Math.max(0, ...shown.map((f) => pick(f).length));
  const w = { status: width((f) => WORD[f.status]), service: width((f) => f.service ?? '-'), check: width((f) => f.check) };
  const lines: string[] = [];
  for (const factor of FACTOR_ORDER) {
    const findings = shown.filter((f) => f.factor === factor);
    if (findings.length === 0) continue;
    lines.push('', c.bold(factorName(factor)));
    for (const f of findings) {
      const status = paint[f.status](WORD[f.status].padEnd(w.status));
      lines.push(`  ${status}  ${(f.service ?? '-').padEnd(w.service)}  ${f.check.padEnd(w.check)}  ${f.evidence}`);
      if (f.fix) lines.push(`  ${' '.repeat(w.status + w.service + w.check + 6)}${c.dim(`fix: ${f.fix}`)}`);
    }
  }
  const s = report.summary;
  const where =
    report.mode === 'live' ? ` (live: throwaway set ${report.set}, removed)` : report.mode === 'set' ? ` (set ${report.set})` : ` (file only: ${report.liveUnavailable ?? 'no set'})`;
  lines.push('', `${report.project}${where}: ${c.red(`${s.fail} failed`)}, ${c.yellow(`${s.warn} warnings`)}, ${s.unknown} unknown, ${c.green(`${s.pass} passed`)}`);
  if (!options.passes && s.pass > 0) lines.push(c.dim('(passed checks are left out; --all shows them)'));
  return lines.join('\n').replace(/^\n/, '');
}

/** Findings of one check that say the same for several services, as one line naming them all. */
function merged(findings: readonly Finding[]): Finding[] {
  const out = new Map<string, Finding>();
  for (const f of findings) {
    const key = JSON.stringify([f.check, f.status, f.evidence, f.fix ?? '']);
    const seen = out.get(key);
    if (seen) seen.service = seen.service && f.service ? `${seen.service}, ${f.service}` : seen.service ?? f.service;
    else out.set(key, { ...f });
  }
  return [...out.values()];
}
