/**
 * Which services of a set run their snapshot's image. A set made from a snapshot keeps running
 * the snapshot's image for each service the file still describes the same way (same build
 * sources, or same image), so a later `up` changes nothing; a service changed since runs its
 * file's image, with its data (volumes) still from the snapshot.
 */
import type { Engine } from '../../engine/engine.js';
import type { Project } from '../../model/project.js';
import { sameSource } from '../../plan/snapshot-manifest.js';
import type { EventSink } from '../events.js';
import type { SetContext } from '../set-context.js';
import { fileSource } from './image-sources.js';
import { checkServiceImages, openSnapshot, serviceRef, type Snapshot } from './open-snapshot.js';
import { readSnapshotRecord } from './snapshot-record.js';

export interface SnapshotImages {
  /** Service -> the snapshot's image of it. */
  images: Record<string, string>;
  /** Services of both the file and the snapshot whose file description changed since. */
  changed: string[];
}

export async function snapshotImages(engine: Engine, project: Project, snapshot: Snapshot): Promise<SnapshotImages> {
  const images: Record<string, string> = {};
  const changed: string[] = [];
  for (const name of Object.keys(project.services).sort()) {
    const recorded = snapshot.manifest.services[name];
    if (!recorded) continue;
    if (sameSource(await fileSource(project.services[name]!), recorded.source)) images[name] = serviceRef(snapshot, name);
    else changed.push(name);
  }
  await checkServiceImages(engine, snapshot, Object.keys(images));
  return { images, changed };
}

/** The snapshot images of a set made from a snapshot (none for any other set). */
export async function recordedSnapshotImages(ctx: SetContext, project: Project, events: EventSink): Promise<Record<string, string>> {
  const record = await readSnapshotRecord(ctx.folder);
  if (!record) return {};
  const snapshot = await openSnapshot(ctx.engine, record.ref).catch(() => undefined);
  if (!snapshot || snapshot.imageId !== record.imageId) {
    events({
      kind: 'warning',
      message: `set ${ctx.set} was made from snapshot ${record.ref}, which is no longer on the engine as it was: its services run the file's images`,
    });
    return {};
  }
  return (await snapshotImages(ctx.engine, project, snapshot)).images;
}
