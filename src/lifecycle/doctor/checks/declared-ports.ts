/**
 * VII Port binding, one way: every TCP port the file declares (ports:, expose:) has something
 * listening on it that other containers can reach (not on loopback alone).
 */
import { finding } from '../../../model/doctor/check.js';
import { reachable } from '../../../model/doctor/listening.js';
import { exposedPorts } from '../../../plan/port-bindings.js';
import type { Service } from '../../../model/project.js';
import { isReplica, runningReplica, type LiveCheck } from '../live-check.js';
import { listeningSockets } from './listening-sockets.js';

export function declaredTcpPorts(service: Service): number[] {
  return exposedPorts(service.ports, service.expose)
    .filter((p) => p.endsWith('/tcp'))
    .map((p) => Number.parseInt(p, 10));
}

export const declaredPorts: LiveCheck = {
  id: 'port-binding.declared-ports',
  factor: 'port-binding',
  title: 'a declared port that nothing listens on',
  async run(live, service) {
    const declared = declaredTcpPorts(service);
    if (declared.length === 0) return [finding(this, service.name, 'pass', 'declares no TCP ports')];
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const found = await listeningSockets(live, replica);
    if (!found.ok) return [finding(this, service.name, 'unknown', found.why, 'Check by hand: testbed exec SET SERVICE -- ss -ltn (or netstat).')];
    const silent = declared.filter((p) => !found.sockets.some((s) => s.port === p));
    const loopbackOnly = declared.filter((p) => !silent.includes(p) && !reachable(found.sockets, p));
    if (silent.length || loopbackOnly.length) {
      const parts = [
        ...(silent.length ? [`nothing listens on ${silent.join(', ')}`] : []),
        ...(loopbackOnly.length ? [`${loopbackOnly.join(', ')} listen(s) on loopback only, out of other containers' reach`] : []),
      ];
      return [finding(this, service.name, 'fail', parts.join('; '), 'Make the process listen on 0.0.0.0 at the declared port, or correct ports:/expose: in the file.')];
    }
    return [finding(this, service.name, 'pass', `listening on ${declared.join(', ')}`)];
  },
};
