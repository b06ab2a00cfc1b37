/**
 * VI Processes: a process keeps nothing it needs in the container's own file system, which goes
 * with the container. Files it added or changed there outside the code tree and its volumes
 * (uploads, a database file, sessions, generated configuration) are state that a recreate loses.
 */
import { finding } from '../../../model/doctor/check.js';
import { describeChanges } from '../../../model/doctor/file-changes.js';
import { isReplica, runningReplica, type LiveCheck } from '../live-check.js';
import { sortedChangesOf } from './changes-of.js';

export const containerState: LiveCheck = {
  id: 'processes.container-state',
  factor: 'processes',
  title: 'state written to the container\'s file system instead of volumes (same list)',
  async run(live, service) {
    const replica = await runningReplica(live, this, service.name);
    if (!isReplica(replica)) return [replica];
    const { state } = await sortedChangesOf(live, replica);
    if (state.length === 0) return [finding(this, service.name, 'pass', 'nothing written outside volumes and scratch space (/tmp, /run)')];
    return [
      finding(
        this,
        service.name,
        'fail',
        `${state.length} path(s) written in the container's own file system: ${describeChanges(state)}`,
        'Mount a named volume where it keeps data, put scratch files in /tmp, or keep the state in a backing service.',
      ),
    ];
  },
};
