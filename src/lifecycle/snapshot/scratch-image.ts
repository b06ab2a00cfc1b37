/**
 * The empty image a snapshot's data image is made on: no file, no declared volume, a command
 * that is never run. Made once per engine from an empty tar.
 */
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import type { Engine } from '../../engine/engine.js';
import { LABEL } from '../../plan/labels.js';
import { formatImageRef, SCRATCH_IMAGE } from '../../plan/snapshot-names.js';

export async function ensureScratchImage(engine: Engine): Promise<string> {
  const ref = formatImageRef(SCRATCH_IMAGE);
  const found = await engine.inspectImage(ref);
  if (found) return found.id;
  const empty = pack();
  empty.finalize();
  await engine.importImage(Readable.from(empty), SCRATCH_IMAGE.repository, SCRATCH_IMAGE.tag, [
    'CMD ["/nonexistent"]',
    `LABEL ${LABEL.managed}=true`,
  ]);
  return (await engine.inspectImage(ref))!.id;
}
