/**
 * Gives a new set the snapshot's data copy-on-write (see plan/cow-volumes.ts): the set's named
 * volumes become overlay mounts whose lower layer is the snapshot's data volume and whose upper
 * layer is a folder of the set's layers volume. Nothing of the data is copied, so the time and
 * disk it takes do not grow with the data. Whether the engine can mount them is found out by
 * mounting them (in a helper that is created, never started): when it cannot (no overlay
 * support where it keeps volumes, a rootless engine...), what was made is removed again and the
 * caller copies instead.
 */
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import type { Engine } from '../../engine/engine.js';
import { cowMountPath, dataVolumeName, LAYERS_DIR, layerDirs, layersVolumeSpec, overlayVolumeSpec, VOLUMES_DIR } from '../../plan/cow-volumes.js';
import { LABEL } from '../../plan/labels.js';
import { SET_FILES_DIR } from '../../plan/snapshot-names.js';
import { helperContainerName } from '../../plan/snapshot-specs.js';
import type { VolumeSpec } from '../../plan/specs.js';
import type { EventSink } from '../events.js';
import type { SetContext } from '../set-context.js';
import { archiveRoot, type FolderOwner } from './archive-root.js';
import type { Snapshot } from './open-snapshot.js';
import { seedSetFolder } from './seed-folder.js';
import { helperOnFilledData } from './snapshot-data-volume.js';
import { cannotMount, mountRefusal, overlayRefusal } from './overlay-probe.js';
import { verifyContent } from './verify-content.js';

export type CowOutcome = { restored: true } | { restored: false; reason: string };

export interface CowRestoreOptions {
  verify?: boolean;
  events: EventSink;
}

/** Restores `specs` (volumes of the set the snapshot has data for) and seeds the set's folder. */
export async function restoreCopyOnWrite(ctx: SetContext, snapshot: Snapshot, specs: VolumeSpec[], options: CowRestoreOptions): Promise<CowOutcome> {
  const { engine } = ctx;
  const events = options.events;
  const lower = dataVolumeName(snapshot.imageId);
  const layers = layersVolumeSpec(ctx.projectName, ctx.set, lower);
  if (!(await engine.inspectVolume(layers.name))) await engine.createVolume(layers);
  const made: string[] = [layers.name];
  const undo = async (reason: string): Promise<CowOutcome> => {
    for (const name of made.reverse()) await engine.removeVolume(name);
    return { restored: false, reason };
  };

  // Tried on an empty overlay before the snapshot's data is first copied into a data volume:
  // on an engine that cannot mount one, that copy would be made for nothing.
  if (!(await engine.inspectVolume(lower))) {
    const refused = await overlayRefusal(engine, ctx, snapshot.imageId, layers);
    if (refused !== undefined) return undo(refused);
  }
  const { container, volume: data } = await helperOnFilledData(
    ctx,
    snapshot,
    {
      name: helperContainerName(ctx.projectName, ctx.set, 'restore'),
      purpose: `restore ${ctx.set}`,
      more: [{ type: 'volume', source: layers.name, target: LAYERS_DIR, readOnly: false, noCopy: true }],
    },
    events,
  );
  try {
    await seedSetFolder(ctx.folder, await engine.getArchive(container, SET_FILES_DIR));
    const owners = new Map<string, FolderOwner>();
    for (const spec of specs) owners.set(keyOf(spec), await archiveRoot(await engine.getArchive(container, recordOf(snapshot, spec).path)));
    await engine.putArchive(container, LAYERS_DIR, Readable.from(layerFolders(owners)));
  } finally {
    await engine.removeContainer(container);
  }

  const layersMountpoint = (await engine.inspectVolume(layers.name))?.mountpoint;
  if (!data.mountpoint || !layersMountpoint) return undo('the engine does not say where it keeps volumes');
  for (const spec of specs) {
    const overlay = overlayVolumeSpec(spec, {
      lowerMountpoint: data.mountpoint,
      lowerPath: posix.relative(VOLUMES_DIR, recordOf(snapshot, spec).path),
      layersMountpoint,
      key: keyOf(spec),
      lowerVolume: lower,
    });
    if ('problem' in overlay) return undo(overlay.problem);
    try {
      await engine.createVolume(overlay.spec);
    } catch (err) {
      if (!cannotMount(err)) throw err;
      return undo((err as Error).message);
    }
    made.push(spec.name);
    events({ kind: 'volume', name: spec.name, action: 'created' });
  }
  const refused = await mountAndCheck(engine, ctx, snapshot, specs, options);
  return refused === undefined ? { restored: true } : undo(refused);
}

/**
 * Mounts every copy-on-write volume in a helper (created, never started): the engine mounts a
 * container's volumes to look inside it. With `verify`, each one's content is checked too.
 * Resolves with why when the engine cannot mount them, undefined when all is well.
 */
function mountAndCheck(engine: Engine, ctx: SetContext, snapshot: Snapshot, specs: VolumeSpec[], options: CowRestoreOptions): Promise<string | undefined> {
  const mounts = specs.map((spec) => ({ volume: spec.name, path: cowMountPath(keyOf(spec)) }));
  return mountRefusal(engine, { name: helperContainerName(ctx.projectName, ctx.set, 'check'), image: snapshot.imageId, purpose: `check ${ctx.set}` }, mounts, async (helper) => {
    for (const spec of specs) {
      const key = keyOf(spec);
      options.events({ kind: 'snapshot', action: 'step', message: `volume ${key}: copy-on-write on snapshot ${snapshot.manifest.name}'s data, nothing copied` });
      if (options.verify) await verifyContent(engine, helper, cowMountPath(key), recordOf(snapshot, spec), `volume ${key} of set ${ctx.set}`, snapshot);
    }
  });
}

function keyOf(spec: VolumeSpec): string {
  return spec.labels[LABEL.volume]!;
}

function recordOf(snapshot: Snapshot, spec: VolumeSpec) {
  return snapshot.manifest.volumes[keyOf(spec)]!;
}

/**
 * `<key>/upper` and `<key>/work` per volume. The mounted volume's root takes the upper folder's
 * owner and mode, so it gets the snapshot folder's (a database refuses a data folder it does not own).
 */
function layerFolders(owners: Map<string, FolderOwner>): ReturnType<typeof pack> {
  const tar = pack();
  for (const [key, owner] of [...owners].sort(([a], [b]) => a.localeCompare(b))) {
    const dirs = layerDirs(key);
    tar.entry({ name: key, type: 'directory', mode: 0o755, uid: 0, gid: 0 });
    tar.entry({ name: dirs.upper, type: 'directory', mode: owner.mode, uid: owner.uid, gid: owner.gid });
    tar.entry({ name: dirs.work, type: 'directory', mode: 0o700, uid: 0, gid: 0 });
  }
  tar.finalize();
  return tar;
}
