/**
 * Gives a new set the snapshot's data. Copy-on-write where the engine can mount it (see
 * cow-restore.ts): nothing is copied, and the set's writes stay its own. Otherwise, or with
 * TESTBED_SNAPSHOT_RESTORE=copy, a copy: the set's named volumes are made, then mounted on their
 * folders of one container of the data image, and the engine fills each (still empty) volume
 * from the image's content there, inside the engine. The same container hands over the set's
 * folder files. With `verify`, each volume's content is summed up again and compared.
 */
import { formatBytes } from '../../common/format-bytes.js';
import type { Project } from '../../model/project.js';
import { volumeSpecs } from '../../plan/resource-specs.js';
import { canOverlay, RESTORE_MODE_VARIABLE, restoreMode } from '../../plan/cow-volumes.js';
import { LABEL } from '../../plan/labels.js';
import { SET_FILES_DIR } from '../../plan/snapshot-names.js';
import { helperContainerName, helperSpec } from '../../plan/snapshot-specs.js';
import type { VolumeSpec } from '../../plan/specs.js';
import { ignoreEvents, type EventSink } from '../events.js';
import type { SetContext } from '../set-context.js';
import { restoreCopyOnWrite } from './cow-restore.js';
import type { Snapshot } from './open-snapshot.js';
import { seedSetFolder } from './seed-folder.js';
import { verifyContent } from './verify-content.js';

export interface RestoreDataOptions {
  verify?: boolean;
  events?: EventSink;
  /** Where TESTBED_SNAPSHOT_RESTORE is read; default process.env. */
  env?: Record<string, string | undefined>;
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
  const mode = restoreMode(options.env ?? process.env);
  const overlaid = mode === 'auto' ? specs.filter(canOverlay) : [];
  for (const spec of specs.filter((s) => mode === 'auto' && !canOverlay(s))) {
    events({ kind: 'warning', message: `volume ${spec.labels[LABEL.volume]} has its own driver or options in the file: it is filled with a copy of the snapshot's data` });
  }
  if (overlaid.length > 0) {
    const outcome = await restoreCopyOnWrite(ctx, snapshot, overlaid, { events, ...(options.verify ? { verify: true } : {}) });
    if (outcome.restored) {
      const rest = specs.filter((s) => !overlaid.includes(s));
      if (rest.length > 0) await restoreByCopy(ctx, snapshot, rest, options, events);
      return;
    }
    events({
      kind: 'warning',
      message:
        `copy-on-write restore is not possible on this engine (${outcome.reason}): set ${ctx.set}'s volumes are filled with a copy of the ` +
        `snapshot's data, which takes time and disk in proportion to it (${RESTORE_MODE_VARIABLE}=copy says so from the start)`,
    });
  }
  await restoreByCopy(ctx, snapshot, specs, options, events);
}

/** The copy: volumes made empty, then filled by the engine from the data image; the folder seeded. */
async function restoreByCopy(ctx: SetContext, snapshot: Snapshot, specs: VolumeSpec[], options: RestoreDataOptions, events: EventSink): Promise<void> {
  const recorded = snapshot.manifest.volumes;
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
