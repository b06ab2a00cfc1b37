/** `up --timings` (and `up -v`): where the time went, one line per step, in the order they began. */
import type { TimingRow } from '../../api/timings.js';
import { colors, type Output } from '../output.js';
import { table } from './table.js';

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function renderTimings(out: Output, rows: TimingRow[]): string {
  const c = colors(out);
  const body = rows.map((r) => [
    seconds(r.atMs),
    seconds(r.tookMs),
    r.step === 'total' ? c.bold(r.step) : r.step + (r.outcome ? ' ' + c.dim(`(${r.outcome})`) : ''),
  ]);
  return `timings (seconds from the start of up):\n${table(['AT', 'TOOK', 'STEP'], body)}`;
}

/** For --json: the same rows, in ms. */
export function timingsJson(rows: TimingRow[]): { step: string; atMs: number; tookMs: number; outcome?: string }[] {
  return rows.map((r) => ({ ...r, atMs: Math.round(r.atMs), tookMs: Math.round(r.tookMs) }));
}
