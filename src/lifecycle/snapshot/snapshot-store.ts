/**
 * `snapshot ls`, `inspect` and `rm`: snapshots are found by their data images' labels, on the
 * engine itself, like sets; nothing is kept elsewhere.
 */
import { SnapshotError } from '../../common/errors.js';
import type { Engine } from '../../engine/engine.js';
import { LABEL, managedSelector } from '../../plan/labels.js';
import type { SnapshotManifest } from '../../plan/snapshot-manifest.js';
import { ignoreEvents, type EventSink } from '../events.js';
import { listSnapshotImages, resolveSnapshot, snapshotRefs, toSnapshot, type Snapshot } from './open-snapshot.js';

export interface SnapshotSummary {
  name: string;
  project: string;
  /** The set it was taken from. */
  set: string;
  createdAt: string;
  /** Every reference of its data image: the local one, where it was pushed to or pulled from. */
  refs: string[];
  services: string[];
  volumes: string[];
  /** Bytes of volume data it holds. */
  dataBytes: number;
}

export function summarize(snapshot: Snapshot): SnapshotSummary {
  const m = snapshot.manifest;
  return {
    name: m.name,
    project: m.project,
    set: m.set,
    createdAt: m.createdAt,
    refs: [...snapshot.refs].sort(),
    services: Object.keys(m.services).sort(),
    volumes: Object.keys(m.volumes).sort(),
    dataBytes: Object.values(m.volumes).reduce((sum, v) => sum + v.bytes, 0),
  };
}

/** Every snapshot on the engine (of one project, when given), by project then name. */
export async function listSnapshots(engine: Engine, project?: string): Promise<SnapshotSummary[]> {
  const images = await listSnapshotImages(engine);
  return images
    .map((image) => summarize(toSnapshot(image.tags[0] ?? image.id, image)))
    .filter((s) => !project || s.project === project)
    .sort((a, b) => a.project.localeCompare(b.project) || a.name.localeCompare(b.name) || a.createdAt.localeCompare(b.createdAt));
}

/** What `snapshot inspect` shows: the manifest and references; secrets are in the image's files, never here. */
export async function inspectSnapshot(engine: Engine, project: string | undefined, nameOrRef: string): Promise<{ ref: string; imageId: string; refs: string[]; manifest: SnapshotManifest }> {
  const snapshot = await resolveSnapshot(engine, project, nameOrRef);
  return { ref: snapshot.ref, imageId: snapshot.imageId, refs: [...snapshot.refs].sort(), manifest: snapshot.manifest };
}

/**
 * Removes the snapshot's references (the data image's and its services'); an image that has
 * other references (pushed, pulled under another name) stays under those. Refused while a set
 * runs any of its images or has copy-on-write volumes on its data; its data volume goes with
 * the data image.
 */
export async function removeSnapshot(engine: Engine, project: string | undefined, nameOrRef: string, options: { events?: EventSink } = {}): Promise<string[]> {
  const snapshot = await resolveSnapshot(engine, project, nameOrRef);
  const refs = snapshotRefs(snapshot);
  const ids = new Set([snapshot.imageId, ...Object.values(snapshot.manifest.services).map((s) => s.imageId)]);
  const users = (await engine.listContainers(managedSelector())).filter((c) => refs.includes(c.image) || ids.has(c.image));
  if (users.length > 0) {
    const sets = [...new Set(users.map((c) => `${c.labels[LABEL.set] ?? '?'} (project ${c.labels[LABEL.project] ?? '?'})`))].sort();
    throw new SnapshotError('SNAPSHOT_IN_USE', `snapshot ${nameOrRef} is in use by set(s) ${sets.join(', ')}`, {
      hint: 'Remove those sets first (testbed remove SET): they run its images.',
    });
  }
  // The data volume goes with the data image, which stays while it has references not removed here.
  const imageGoes = snapshot.refs.every((tag) => refs.includes(tag));
  // Loaded here: it brings the tar code of copy-on-write, which `ls` and `status` need not load.
  const { dataVolumesOf, setsReading } = await import('./snapshot-data-volume.js');
  const dataVolumes = imageGoes ? await dataVolumesOf(engine, snapshot.imageId) : [];
  const readers = (await Promise.all(dataVolumes.map((v) => setsReading(engine, v.name)))).flat();
  if (readers.length > 0) {
    throw new SnapshotError('SNAPSHOT_IN_USE', `snapshot ${nameOrRef} is in use by set(s) ${[...new Set(readers)].sort().join(', ')}: their volumes are its data, copy-on-write`, {
      hint: 'Remove those sets first (testbed remove SET), or their data (testbed destroy SET --volumes).',
    });
  }
  const removed: string[] = [];
  for (const ref of [...refs.slice(1), refs[0]!]) {
    if (!(await engine.inspectImage(ref))) continue;
    await engine.removeImage(ref);
    removed.push(ref);
  }
  // Kept while the data image is (under another reference): it is the same data.
  if (!(await engine.inspectImage(snapshot.imageId))) for (const volume of dataVolumes) await engine.removeVolume(volume.name);
  (options.events ?? ignoreEvents)({ kind: 'snapshot', action: 'done', message: `snapshot ${nameOrRef} removed (${removed.length} image reference(s))` });
  return removed;
}
