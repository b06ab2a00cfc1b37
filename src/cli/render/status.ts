import type { ReplicaStatus } from '../../lifecycle/status.js';
import { colors, type Output } from '../output.js';
import { table } from './table.js';

export function renderStatus(out: Output, rows: ReplicaStatus[]): string {
  const c = colors(out);
  const state = (r: ReplicaStatus) => {
    const text = r.state === 'exited' ? `exited (${r.exitCode ?? '?'})` : r.state;
    if (r.state === 'running') return c.green(text);
    if (r.state === 'missing' || (r.state === 'exited' && r.exitCode !== 0)) return c.red(text);
    return c.yellow(text);
  };
  const health = (r: ReplicaStatus) =>
    r.health === 'healthy' ? c.green(r.health) : r.health === 'unhealthy' ? c.red(r.health) : (r.health ?? '-');
  return table(
    ['SERVICE', 'STATE', 'HEALTH', 'ADDRESS', 'PORTS', 'IMAGE'],
    rows.map((r) => [
      r.replica > 1 || rows.some((o) => o.service === r.service && o.replica > 1) ? `${r.service}-${r.replica}` : r.service,
      state(r),
      health(r),
      r.address ? `${r.address} (${r.hostnames[0]})` : '-',
      r.ports.map((p) => `${p.host}->${p.container}`).join(', ') || '-',
      r.image,
    ]),
  );
}
