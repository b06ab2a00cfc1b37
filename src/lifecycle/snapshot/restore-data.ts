/**
 * Gives a new set the snapshot's data: its named volumes are made, then mounted on their
 * folders of one container of the data image, and the engine fills each (still empty) volume
 * from the image's content there: one copy, inside the engine. The same container hands over
 * the set's folder files. With `verify`, each volume's content is summed up again and compared.
 */
import { SnapshotError } from '../../common/errors.js';
import { formatBytes } from '../../common/format-bytes.js';
import type { Engine } from '../../engine/engine.js';
import type { Project } from '../../model/project.js';
import { volumeSpecs } from '../../plan/container-spec.js';
import { LABEL } from '../../plan/labels.js';
import { SET_FILES_DIR } from '../../plan/snapshot-names.js';
import { helperContainerName, helperSpec } from '../../plan/snapshot-specs.js';
import type { ContentSummary } from '../../plan/snapshot-manifest.js';
import { ignoreEvents, type EventSink } from '../events.js';
import type { SetContext } from '../set-context.js';
import { checksumOf } from './content-checksum.js';
import type { Snapshot } from './open-snapshot.js';
import { seedSetFolder } from './seed-folder.js';

export interface RestoreDataOptions {
  verify?: boolean;
  events?: EventSink;
}

export async function restoreData(ctx: SetContext, project: Project, snapshot: Snapshot, options: RestoreDataOptions = {}): Promise<void> {
  const events = options.events ?? ignoreEvents;
  const recorded = snapshot.manifest.volumes;
  const specs = volumeSpecs(project, ctx.set).filter((spec) => recorded[spec.labels[LABEL.volume]!]);
  for (const key of Object.keys(recorded).sort()) {
    if (!specs.some((s) => s.labels[LABEL.volume] === key)) {
      events({ kind: 'warning', message: `volume ${key} is in snapshot ${snapshot.ref}, but no service of the file mounts it now: left out` });
    }
  }
  for (const spec of specs) {
    if (!(await ctx.engine.inspectVolume(spec.name))) await ctx.engine.createVolume(spec);
    events({ kind: 'volume', name: spec.name, action: 'created' });
  }

  const name = helperContainerName(ctx.projectName, ctx.set, 'restore');
  await ctx.engine.removeContainer(name);
  const helper = await ctx.engine.createContainer(
    helperSpec({
      name,
      image: snapshot.imageId,
      purpose: `restore ${ctx.set}`,
      mounts: specs.map((spec) => ({
        type: 'volume',
        source: spec.name,
        target: recorded[spec.labels[LABEL.volume]!]!.path,
        readOnly: false,
        noCopy: false,
      })),
    }),
  );
  try {
    await seedSetFolder(ctx.folder, await ctx.engine.getArchive(helper, SET_FILES_DIR));
    for (const spec of specs) {
      const key = spec.labels[LABEL.volume]!;
      events({ kind: 'snapshot', action: 'step', message: `volume ${key}: filled from snapshot ${snapshot.manifest.name} (${formatBytes(recorded[key]!.bytes)})` });
      if (options.verify) await verifyContent(ctx.engine, helper, recorded[key]!.path, recorded[key]!, `volume ${key} of set ${ctx.set}`, snapshot);
    }
  } finally {
    await ctx.engine.removeContainer(helper);
  }
}

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
      `found ${found.checksum.slice(0, 16)} (${found.entries} entries, ${formatBytes(found.bytes)}): the snapshot's images were changed or damaged. ` +
      'Nothing of the set was started. Remove it (testbed remove <set>), then take, pull or import the snapshot again.',
    details: { expected: expected.checksum, found: found.checksum },
  });
}
