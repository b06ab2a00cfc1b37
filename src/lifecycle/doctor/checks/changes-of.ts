/**
 * A replica's file system changes, sorted (see model/doctor/file-changes.ts), and the two checks
 * that read them: the same evidence, told apart by where the change is.
 */
import { finding } from '../../../model/doctor/check.js';
import { describeChanges, sortChanges, type ChangedPath, type SortedChanges } from '../../../model/doctor/file-changes.js';
import type { FactorId } from '../../../model/doctor/factors.js';
import { filesOf } from '../../configure/inject-files.js';
import { isReplica, runningReplica, type LiveCheck, type LiveContext, type Replica } from '../live-check.js';

export async function sortedChangesOf(live: LiveContext, replica: Replica): Promise<SortedChanges> {
  const changes = await live.changes(replica.details.id);
  return sortChanges(changes, {
    workingDir: replica.details.workingDir,
    injected: filesOf(replica.summary).map((f) => f.target),
    mountPoints: replica.details.mounts.map((m) => m.destination),
  });
}

export interface ChangesCheckInput {
  id: string;
  factor: FactorId;
  title: string;
  pick: (sorted: SortedChanges) => ChangedPath[];
  /** "N path(s) ...: " before the list. */
  what: string;
  pass: string;
  fix: string;
}

export function changesCheck(input: ChangesCheckInput): LiveCheck {
  return {
    id: input.id,
    factor: input.factor,
    title: input.title,
    async run(live, service) {
      const replica = await runningReplica(live, this, service.name);
      if (!isReplica(replica)) return [replica];
      const changed = input.pick(await sortedChangesOf(live, replica));
      if (changed.length === 0) return [finding(this, service.name, 'pass', input.pass)];
      return [finding(this, service.name, 'fail', `${changed.length} ${input.what}: ${describeChanges(changed)}`, input.fix)];
    },
  };
}
