/**
 * Copies a folder from one container into another through the engine, with no copy on the
 * host: the engine's tar of it streams straight into the other container, and its content is
 * summed up on the way.
 */
import type { Engine } from '../../engine/engine.js';
import type { ContentSummary } from '../../plan/snapshot-manifest.js';
import { checksumTap } from './content-checksum.js';

export async function copyBetween(
  engine: Engine,
  from: { container: string; path: string },
  to: { container: string; directory: string },
): Promise<ContentSummary> {
  const archive = await engine.getArchive(from.container, from.path);
  const { tap, result } = checksumTap();
  let failed: unknown;
  // pipe() does not pass errors on: end the copy, and fail once the engine has answered.
  archive.on('error', (err) => {
    failed = err;
    tap.end();
  });
  await engine.putArchive(to.container, to.directory, archive.pipe(tap));
  if (failed) throw failed;
  return result;
}
