/** `up --timings` (and `up -v`): where the time went, one line per step, in the order they began. */
import type { TimingRow } from '../../api/timings.js';
import { colors, type Output } from '../output.js';
import { table } from './table.js';

const tenths = (ms: number) => Math.round(ms / 100);
const seconds = (t: number) => (t / 10).toFixed(1);

export function renderTimings(out: Output, rows: TimingRow[]): string {
  const c = colors(out);
  const body = rows.map((r) => [
    seconds(tenths(r.atMs)),
    // Rounded at both ends, so a step shown ending before the next begins did.
    seconds(tenths(r.atMs + r.tookMs) - tenths(r.atMs)),
    r.step === 'total' ? c.bold(r.step) : r.step + (r.outcome ? ' ' + c.dim(`(${r.outcome})`) : ''),
  ]);
  return `timings (seconds from the start of up):\n${table(['AT', 'TOOK', 'STEP'], body)}`;
}

/** For --json: the same rows, in whole ms; start and end are rounded, so a step that ends before another begins still does. */
export function timingsJson(rows: TimingRow[]): { step: string; atMs: number; tookMs: number; outcome?: string }[] {
  return rows.map((r) => ({ ...r, atMs: Math.round(r.atMs), tookMs: Math.round(r.atMs + r.tookMs) - Math.round(r.atMs) }));
}
