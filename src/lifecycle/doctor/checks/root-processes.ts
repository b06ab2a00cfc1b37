/**
 * VI Processes: processes running as uid 0, as the engine's `top` lists them (numeric uid as
 * the host sees it; with user-namespace remapping it differs from the container's view).
 */
import { finding } from '../../../model/doctor/check.js';
import type { ProcessList } from '../../../engine/engine.js';
import { isReplica, runningReplica, type LiveCheck, type LiveContext, type Replica } from '../live-check.js';

export const PS_ARGS = '-eo pid,uid,gid,args';

/** The replica's processes, listed once for every check that asks. */
export function processesOf(live: LiveContext, replica: Replica): Promise<ProcessList> {
  return live.memo(`top:${replica.details.id}`, () => live.set.engine.containerProcesses(replica.details.id, PS_ARGS));
}

export const rootProcesses: LiveCheck = {
  id: 'processes.root-processes',
  factor: 'processes',
  title: 'processes running as uid 0 (the engine\'s `top`)',
  async run(live, service) {
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const top = await processesOf(live, replica);
    const uid = top.titles.indexOf('UID');
    const args = top.titles.length - 1;
    if (uid < 0) {
      return [finding(this, service.name, 'unknown', `the engine's top has no UID column (${top.titles.join(' ')})`, 'Podman lists processes differently; check with: testbed exec SET SERVICE -- id')];
    }
    const root = top.processes.filter((p) => p[uid] === '0');
    const all = top.processes.length;
    if (root.length === 0) return [finding(this, service.name, 'pass', `${all} process(es), none as uid 0 (uid ${[...new Set(top.processes.map((p) => p[uid]))].join(', ')})`)];
    const shown = root.slice(0, 3).map((p) => `"${(p[args] ?? '').slice(0, 60)}"`).join(', ');
    return [
      finding(
        this,
        service.name,
        'fail',
        `${root.length} of ${all} process(es) run as uid 0: ${shown}${root.length > 3 ? ', ...' : ''}`,
        'Run as a non-root user (USER in the Dockerfile, or user:), and let the process start without root (ports above 1024, writable paths group 0); see arbitrary-uid.runs.',
      ),
    ];
  },
};
