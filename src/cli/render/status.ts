import type { ReplicaStatus } from '../../api/testbed-set.js';
import { colors, type Output } from '../output.js';
import { table } from './table.js';

/** "exited (1)", "restarting (3x)", "running (restarted 2x)". */
function stateText(r: ReplicaStatus): string {
  if (r.state === 'exited') return `exited (${r.exitCode ?? '?'})`;
  if (r.state === 'restarting') return `restarting (${r.restarts ?? 0}x)`;
  return r.restarts ? `${r.state} (restarted ${r.restarts}x)` : r.state;
}

export function renderStatus(out: Output, rows: ReplicaStatus[]): string {
  const c = colors(out);
  const state = (r: ReplicaStatus) => {
    const text = stateText(r);
    if (r.state === 'running' && !r.restarts) return c.green(text);
    if (r.state === 'missing' || r.state === 'restarting' || (r.state === 'exited' && r.exitCode !== 0)) return c.red(text);
    return c.yellow(text);
  };
  const health = (r: ReplicaStatus) =>
    r.health === 'healthy' ? c.green(r.health) : r.health === 'unhealthy' ? c.red(r.health) : (r.health ?? '-');
  const name = (r: ReplicaStatus) =>
    r.replica > 1 || rows.some((o) => o.service === r.service && o.replica > 1) ? `${r.service}-${r.replica}` : r.service;
  const lines = table(
    ['SERVICE', 'STATE', 'HEALTH', 'ADDRESS', 'PORTS', 'IMAGE'],
    rows.map((r) => [
      name(r),
      state(r),
      health(r),
      r.address ? `${r.address} (${r.hostnames[0]})` : '-',
      r.ports.map((p) => `${p.host}->${p.container}`).join(', ') || '-',
      r.image,
    ]),
  );
  // The probe's output is often long or multi-line: under the table, one line per unhealthy replica.
  const notes = rows
    .filter((r) => r.healthOutput)
    .map((r) => `${name(r)}: unhealthy, last health check output: ${r.healthOutput!.replace(/\s*\n\s*/g, ' | ')}`);
  return notes.length ? `${lines}\n\n${notes.join('\n')}` : lines;
}
