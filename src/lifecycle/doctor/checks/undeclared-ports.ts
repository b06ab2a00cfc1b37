/**
 * VII Port binding, the other way: something listening for other containers on a TCP port the
 * file does not declare (ports:, expose:). Loopback-only listeners are the process's own business.
 * A process may open its ports well after its container counts as ready (a database that
 * initialises its data on first start, with no healthcheck to wait for): until the container has
 * run SETTLE_MS, a reading with nothing undeclared is taken again each second.
 */
import { finding } from '../../../model/doctor/check.js';
import { isReplica, runningReplica, type LiveCheck } from '../live-check.js';
import { declaredTcpPorts } from './declared-ports.js';
import { sleep } from '../../abort.js';
import { listeningSockets, readSockets, type Sockets } from './listening-sockets.js';

const SETTLE_MS = 20_000;
const AGAIN_MS = 1000;

export const undeclaredPorts: LiveCheck = {
  id: 'port-binding.undeclared-ports',
  factor: 'port-binding',
  title: 'something listening on a port that is not declared',
  async run(live, service) {
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const declared = new Set(declaredTcpPorts(service));
    const undeclared = (found: Sockets & { ok: true }) =>
      [...new Set(found.sockets.filter((s) => s.reach !== 'loopback' && !declared.has(s.port)).map((s) => s.port))].sort((a, b) => a - b);
    let found = await listeningSockets(live, replica);
    // Bounded by this side's clock too, whatever the engine's says.
    const until = Math.min(Date.now() + SETTLE_MS, (replica.details.startedAt?.getTime() ?? 0) + SETTLE_MS);
    while (found.ok && undeclared(found).length === 0 && Date.now() < until) {
      await sleep(Math.min(AGAIN_MS, until - Date.now()), live.signal);
      found = await readSockets(live, replica);
    }
    if (!found.ok) return [finding(this, service.name, 'unknown', found.why, 'Check by hand: testbed exec SET SERVICE -- ss -ltn (or netstat).')];
    const extra = undeclared(found);
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
