/**
 * Copy-on-write restore, as names, labels and volume specs. Per snapshot (per data image), the
 * engine keeps one regular volume holding the snapshot's volume data, filled once from its data
 * image: the lower layer. A set made from the snapshot gets each named volume as a `local`
 * volume mounted as overlay: reads come from the lower layer, writes go to an upper folder in
 * the set's own "layers" volume. So a new set costs the same for 1 MB and for 10 GB, and ten
 * sets share one copy of the data.
 */
import { UsageError } from '../common/errors.js';
import { LABEL, setOwnerLabels } from './labels.js';
import { DATA_ROOT, SNAPSHOT_LABEL } from './snapshot-names.js';
import type { Labels, VolumeSpec } from './specs.js';

export const COW_LABEL = {
  /** On a snapshot's data volume: the id of the data image it was filled from. */
  dataImage: 'dev.testbed.snapshot.data-image',
  /** On a set's copy-on-write volumes and its layers volume: the data volume they read from. */
  lower: 'dev.testbed.snapshot.lower',
  /** On a set's layers volume: 'true'. */
  layers: 'dev.testbed.snapshot.layers',
  /** On a snapshot's data volume: the reference it was first restored from (for people). */
  ref: 'dev.testbed.snapshot.ref',
} as const;

/** How `up --from` gives a set its data: TESTBED_SNAPSHOT_RESTORE. */
export type RestoreMode = 'auto' | 'copy';
export const RESTORE_MODE_VARIABLE = 'TESTBED_SNAPSHOT_RESTORE';

/** `auto` (copy-on-write where the engine can mount it, else a copy; the default) or `copy`. */
export function restoreMode(env: Record<string, string | undefined>): RestoreMode {
  const value = (env[RESTORE_MODE_VARIABLE] ?? '').trim() || 'auto';
  if (value === 'auto' || value === 'copy') return value;
  throw new UsageError(`${RESTORE_MODE_VARIABLE}=${value} is not a restore mode`, {
    hint: `Use ${RESTORE_MODE_VARIABLE}=auto (copy-on-write where the engine can, the default) or ${RESTORE_MODE_VARIABLE}=copy (always copy the data).`,
  });
}

/** Where the data image holds the volumes' content; the data volume is mounted there to be filled. */
export const VOLUMES_DIR = `${DATA_ROOT}/volumes`;
/** Where a restore helper mounts the set's layers volume. */
export const LAYERS_DIR = `${DATA_ROOT}/layers`;
/** Written last into a data volume: without it, a fill was interrupted and is done again. */
export const FILLED_MARKER = '.testbed-filled';

/** Where a restore helper mounts the set's copy-on-write volume `key`, to check it. */
export function cowMountPath(key: string): string {
  return `${DATA_ROOT}/cow/${key}`;
}

/** One data volume per data image: a name that pulled or re-tagged references of it share. */
export function dataVolumeName(imageId: string): string {
  return `testbed-snapshot-data-${imageId.replace(/^sha256:/, '').slice(0, 24)}`;
}

export function dataVolumeSpec(input: { imageId: string; name: string; project: string; ref: string }): VolumeSpec {
  return {
    name: dataVolumeName(input.imageId),
    driverOpts: {},
    labels: {
      [LABEL.managed]: 'true',
      [COW_LABEL.dataImage]: input.imageId,
      [SNAPSHOT_LABEL.name]: input.name,
      [SNAPSHOT_LABEL.project]: input.project,
      [COW_LABEL.ref]: input.ref,
    },
  };
}

/** The set's volume that holds the upper and work folders of all its copy-on-write volumes. */
export function layersVolumeSpec(project: string, set: string, lower: string, extraLabels: Labels = {}): VolumeSpec {
  return {
    name: `${project}-${set}-snapshot-layers`,
    driverOpts: {},
    labels: {
      ...extraLabels,
      ...setOwnerLabels(project, set),
      [COW_LABEL.layers]: 'true',
      [COW_LABEL.lower]: lower,
    },
  };
}

/** Folders of volume `key` in the layers volume (relative to its root). */
export function layerDirs(key: string): { upper: string; work: string } {
  return { upper: `${key}/upper`, work: `${key}/work` };
}

export interface OverlaySources {
  /** Mountpoint of the data volume on the engine's host. */
  lowerMountpoint: string;
  /** The volume's folder in the data volume, e.g. db-data/data. */
  lowerPath: string;
  layersMountpoint: string;
  key: string;
  lowerVolume: string;
}

/**
 * The set's volume as an overlay mount of the `local` driver. Undefined with the reason when a
 * path cannot be written in mount options (a ',' or ':' in it).
 */
export function overlayVolumeSpec(spec: VolumeSpec, sources: OverlaySources): { spec: VolumeSpec } | { problem: string } {
  const dirs = layerDirs(sources.key);
  const paths = {
    lowerdir: `${sources.lowerMountpoint}/${sources.lowerPath}`,
    upperdir: `${sources.layersMountpoint}/${dirs.upper}`,
    workdir: `${sources.layersMountpoint}/${dirs.work}`,
  };
  for (const path of Object.values(paths)) {
    if (!path.startsWith('/') || /[,:]/.test(path)) return { problem: `the engine's volume path ${path} cannot be given to an overlay mount` };
  }
  return {
    spec: {
      ...spec,
      driver: 'local',
      driverOpts: { type: 'overlay', device: 'overlay', o: `lowerdir=${paths.lowerdir},upperdir=${paths.upperdir},workdir=${paths.workdir}` },
      labels: { ...spec.labels, [COW_LABEL.lower]: sources.lowerVolume },
    },
  };
}

/** A volume the file gives its own driver or options to is the file's to mount: it is copied. */
export function canOverlay(spec: VolumeSpec): boolean {
  return (spec.driver === undefined || spec.driver === 'local') && Object.keys(spec.driverOpts).length === 0;
}
