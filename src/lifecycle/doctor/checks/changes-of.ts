/** A replica's file system changes, sorted (see model/doctor/file-changes.ts). */
import { sortChanges, type SortedChanges } from '../../../model/doctor/file-changes.js';
import { filesOf } from '../../config/inject-files.js';
import type { LiveContext, Replica } from '../live-check.js';

export async function sortedChangesOf(live: LiveContext, replica: Replica): Promise<SortedChanges> {
  const changes = await live.changes(replica.details.id);
  return sortChanges(changes, {
    workingDir: replica.details.workingDir,
    injected: filesOf(replica.summary).map((f) => f.target),
    mountPoints: replica.details.mounts.map((m) => m.destination),
  });
}
