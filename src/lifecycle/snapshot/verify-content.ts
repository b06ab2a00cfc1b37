/** Checks a folder's content against the checksum a snapshot recorded of it. */
import { SnapshotError } from '../../common/errors.js';
import { formatBytes } from '../../common/format-bytes.js';
import type { Engine } from '../../engine/engine.js';
import type { ContentSummary } from '../../plan/snapshot-manifest.js';
import { checksumOf } from './content-checksum.js';
import type { Snapshot } from './open-snapshot.js';

/** Sums up a folder of a container (created, not started) and compares it with the snapshot's record. */
export async function verifyContent(
  engine: Engine,
  container: string,
  path: string,
  expected: ContentSummary,
  what: string,
  snapshot: Snapshot,
): Promise<void> {
  const found = await checksumOf(await engine.getArchive(container, path));
  if (found.checksum === expected.checksum) return;
  throw new SnapshotError('SNAPSHOT_INVALID', `${what} does not hold what snapshot ${snapshot.ref} recorded: its content checksum differs`, {
    hint:
      `Recorded ${expected.checksum.slice(0, 16)} (${expected.entries} entries, ${formatBytes(expected.bytes)}), ` +
      `found ${found.checksum.slice(0, 16)} (${found.entries} entries, ${formatBytes(found.bytes)}): the snapshot's images or its data volume were changed or damaged. ` +
      'Nothing of the set was started. Remove it (testbed remove <set>), then take, pull or import the snapshot again (testbed snapshot rm removes its data volume too).',
    details: { expected: expected.checksum, found: found.checksum },
  });
}
