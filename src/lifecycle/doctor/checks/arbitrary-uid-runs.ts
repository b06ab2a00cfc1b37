/**
 * Arbitrary UID (OpenShift): the service, started as a UID it did not choose with group 0,
 * becomes ready and writes what it needs. A service marked arbitrary_uid is looked at in the set
 * itself (its processes' uid and gid, its output); any other is tried by doctor --live, on a
 * throwaway set where every service runs that way.
 */
import { finding } from '../../../model/doctor/check.js';
import { LABEL } from '../../../plan/labels.js';
import { isReplica, PERMISSION_ERROR, runningReplica, type LiveCheck, type LiveContext } from '../live-check.js';
import { processesOf } from './root-processes.js';
import { outputLines } from './log-files.js';

const FIX = 'Make what it writes group-0 writable in the image (chgrp -R 0 DIR && chmod -R g=u DIR), or list it in x-testbed writable_paths; use a port above 1024; then mark it x-testbed arbitrary_uid: true.';

async function permissionErrors(live: LiveContext, containerId: string): Promise<string[]> {
  const lines = await outputLines(live, containerId, 300);
  return lines.filter((l) => PERMISSION_ERROR.test(l)).slice(0, 3).map((l) => l.trim().slice(0, 160));
}

export const arbitraryUidRuns: LiveCheck = {
  id: 'arbitrary-uid.runs',
  factor: 'arbitrary-uid',
  title: 'started as a random uid with group 0, it becomes ready and writes what it needs',
  async run(live, service) {
    if (service.arbitraryUid === true) return declared(live, this, service.name);
    const forced = live.forced;
    if (!forced) {
      return [finding(this, service.name, 'unknown', 'not marked x-testbed arbitrary_uid, so it runs as its image says here', 'Run testbed doctor --live: it also tries every service under a random uid with group 0.')];
    }
    const as = forced.uid === undefined ? 'a random uid' : `uid ${forced.uid}:0`;
    const errors = forced.permissionErrors.get(service.name) ?? [];
    const said = errors.length ? `; it said: ${errors.join(' | ')}` : '';
    const outcome = forced.outcomes.get(service.name) ?? { kind: 'undecided', detail: 'it was not made' };
    if (outcome.kind === 'ready') {
      if (errors.length) return [finding(this, service.name, 'warn', `became ready as ${as} (tried on a throwaway set)${said}`, FIX)];
      return [finding(this, service.name, 'pass', `became ready as ${as} (tried on a throwaway set)`)];
    }
    if (outcome.kind === 'failed') return [finding(this, service.name, 'fail', `as ${as} it ${outcome.detail}${said}`, FIX)];
    const first = typeof forced.error?.details?.service === 'string' ? ` (${forced.error.details.service} failed first)` : '';
    return [finding(this, service.name, 'unknown', `as ${as}: ${outcome.detail}${first}${said}`, 'Fix the service that failed first, then run doctor --live again.')];
  },
};

async function declared(live: LiveContext, check: LiveCheck, service: string) {
  const replica = await runningReplica(live, check, service);
  if (!isReplica(replica)) {
    const error = live.fresh?.error;
    if (error && error.details?.service === service) return [finding(check, service, 'fail', `under its arbitrary uid it did not become ready: ${error.message.split('\n')[0]}`, FIX)];
    return [replica];
  }
  const uid = replica.summary.labels[LABEL.arbitraryUid];
  const top = await processesOf(live, replica);
  const [u, g] = [top.titles.indexOf('UID'), top.titles.indexOf('GID')];
  const others = u < 0 ? [] : top.processes.filter((p) => p[u] !== uid || (g >= 0 && p[g] !== '0'));
  if (others.length) {
    return [finding(check, service, 'fail', `${others.length} process(es) do not run as uid ${uid} with group 0 (uid ${others.map((p) => p[u]).join(', ')})`, 'Do not switch users in the entrypoint (su, gosu, setuid binaries): the platform chooses the user.')];
  }
  const errors = await permissionErrors(live, replica.details.id);
  if (errors.length) return [finding(check, service, 'warn', `runs as uid ${uid}:0, and said: ${errors.join(' | ')}`, FIX)];
  return [finding(check, service, 'pass', `runs as uid ${uid} with group 0${u < 0 ? '' : ` (${top.processes.length} process(es))`} and is ready`)];
}

export { permissionErrors };
