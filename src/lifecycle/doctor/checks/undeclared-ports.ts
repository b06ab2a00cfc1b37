/**
 * VII Port binding, the other way: something listening for other containers on a TCP port the
 * file does not declare (ports:, expose:). Loopback-only listeners are the process's own business.
 */
import { finding } from '../../../model/doctor/check.js';
import { isReplica, runningReplica, type LiveCheck } from '../live-check.js';
import { declaredTcpPorts } from './declared-ports.js';
import { listeningSockets } from './listening-sockets.js';

export const undeclaredPorts: LiveCheck = {
  id: 'port-binding.undeclared-ports',
  factor: 'port-binding',
  title: 'something listening on a port that is not declared',
  async run(live, service) {
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const found = await listeningSockets(live, replica);
    if (!found.ok) return [finding(this, service.name, 'unknown', found.why, 'Check by hand: testbed exec SET SERVICE -- ss -ltn (or netstat).')];
    const declared = new Set(declaredTcpPorts(service));
    const extra = [...new Set(found.sockets.filter((s) => s.reach !== 'loopback' && !declared.has(s.port)).map((s) => s.port))].sort((a, b) => a - b);
    if (extra.length === 0) return [finding(this, service.name, 'pass', 'listens on declared ports only')];
    return [
      finding(
        this,
        service.name,
        'warn',
        `listening on ${extra.join(', ')}, which the file does not declare`,
        `Declare it (expose: ["${extra[0]}"]) so others know the service offers it, or make the process listen on loopback only.`,
      ),
    ];
  },
};
