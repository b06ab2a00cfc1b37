/**
 * `testbed reset <set>`: back to the snapshot the set was made from. The set goes with its
 * data, and is made again from the snapshot, at the same addresses and with the same values.
 */
import { SnapshotError, UsageError } from '../../common/errors.js';
import type { Project } from '../../model/project.js';
import { destroySet } from '../destroy.js';
import type { SetContext } from '../set-context.js';
import { upSet, type UpOptions } from '../up.js';
import { openSnapshot } from './open-snapshot.js';
import { readSnapshotRecord } from './snapshot-record.js';

export async function resetSet(ctx: SetContext, project: Project, options: Omit<UpOptions, 'from'> = {}): Promise<void> {
  const record = await readSnapshotRecord(ctx.folder);
  if (!record) {
    throw new UsageError(`set ${ctx.set} was not made from a snapshot, so there is nothing to reset it to`, {
      hint: `testbed up SET --from SNAPSHOT makes a set from a snapshot; testbed snapshot ${ctx.set} NAME takes one of this set.`,
    });
  }
  // Looked at before anything goes: a reset that cannot finish must not leave the set without its data.
  const snapshot = await openSnapshot(ctx.engine, record.ref).catch(() => undefined);
  if (!snapshot || snapshot.imageId !== record.imageId) {
    throw new SnapshotError('SNAPSHOT_NOT_FOUND', `set ${ctx.set} was made from snapshot ${record.ref}, which is no longer on the engine as it was`, {
      hint: 'Pull or import it again (testbed snapshot pull / import), or remove the set and make it anew.',
    });
  }
  await destroySet(ctx, { volumes: true, ...(options.events ? { events: options.events } : {}) });
  await upSet(ctx, project, { ...options, from: record.ref });
}
