/**
 * What `up` needs of a snapshot. With `from`, a new set is given the snapshot's data (volumes
 * filled, folder seeded) before anything else is made, and runs the snapshot's images; a set
 * made from one earlier keeps running them. A set that already exists is never overwritten.
 */
import { UsageError } from '../../common/errors.js';
import type { Project } from '../../model/project.js';
import { ignoreEvents, type EventSink } from '../events.js';
import type { SetContext } from '../set-context.js';
import { byService, findSetResources } from '../set-resources.js';
import type { Snapshot } from './open-snapshot.js';
import { restoreData } from './restore-data.js';
import { verifyContent } from './verify-content.js';
import { recordedSnapshotImages, snapshotImages } from './set-images.js';
import { readSnapshotRecord, writeSnapshotRecord } from './snapshot-record.js';
import { findOrPullSnapshot } from './transfer.js';

export interface FromSnapshotOptions {
  /** A snapshot's name (of this project) or an image reference (pulled when absent). */
  from?: string;
  /** Check each volume's content against the snapshot's checksums before anything starts. */
  verify?: boolean;
  events?: EventSink;
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
}

export interface SnapshotUse {
  /** Service -> snapshot image, for the services that run one. */
  images: Record<string, string>;
  /** Runs after the containers are created and before they start. */
  afterCreate(): Promise<void>;
}

const nothing = async () => {};

export async function snapshotForUp(ctx: SetContext, project: Project, options: FromSnapshotOptions = {}): Promise<SnapshotUse> {
  const events = options.events ?? ignoreEvents;
  if (!options.from) return { images: await recordedSnapshotImages(ctx, project, events), afterCreate: nothing };

  const snapshot = await findOrPullSnapshot(ctx.engine, project.name, options.from, { events, env: options.env });
  const [record, resources] = await Promise.all([readSnapshotRecord(ctx.folder), findSetResources(ctx.engine, ctx.projectName, ctx.set)]);
  if (resources.containers.length > 0 || resources.volumes.length > 0) {
    // The same `up --from` again (after a Ctrl-C, or in a script): finish it, as a plain up would.
    if (record?.imageId === snapshot.imageId) {
      if (options.verify) events({ kind: 'warning', message: `set ${ctx.set} exists already: --verify checks a set's data only when the set is made` });
      return { images: (await snapshotImages(ctx.engine, project, snapshot)).images, afterCreate: nothing };
    }
    throw new UsageError(`set ${ctx.set} already exists; up --from makes a new set`, {
      hint: record
        ? `testbed reset ${ctx.set} takes it back to snapshot ${record.name}; to make it from ${options.from} instead, testbed remove ${ctx.set} first.`
        : `Remove it first (testbed remove ${ctx.set}), or choose another set name.`,
    });
  }
  if (snapshot.manifest.project !== project.name) {
    events({ kind: 'warning', message: `snapshot ${options.from} was taken of project ${snapshot.manifest.project}; its services and volumes are matched to ${project.name}'s by name` });
  }
  const { images, changed } = await snapshotImages(ctx.engine, project, snapshot);
  for (const service of changed) {
    events({ kind: 'warning', message: `service ${service} changed since snapshot ${snapshot.manifest.name}: it runs the file's image; its volumes still come from the snapshot` });
  }
  await restoreData(ctx, project, snapshot, { verify: options.verify, events, env: options.env });
  await writeSnapshotRecord(ctx.folder, { ref: snapshot.ref, name: snapshot.manifest.name, imageId: snapshot.imageId, restoredAt: new Date().toISOString() });
  return {
    images,
    afterCreate: options.verify ? () => verifyServiceVolumes(ctx, snapshot, Object.keys(images), events) : nothing,
  };
}

/** Anonymous volumes were filled at create from the service images; checked before any start. */
async function verifyServiceVolumes(ctx: SetContext, snapshot: Snapshot, services: string[], events: EventSink): Promise<void> {
  const containers = byService((await findSetResources(ctx.engine, ctx.projectName, ctx.set)).containers);
  for (const service of services) {
    for (const volume of snapshot.manifest.services[service]?.anonymousVolumes ?? []) {
      for (const c of containers.get(service) ?? []) {
        if (c.state !== 'created') continue;
        await verifyContent(ctx.engine, c.id, volume.target, volume, `the volume at ${volume.target} of ${c.name}`, snapshot);
      }
    }
  }
  const volumes = Object.keys(snapshot.manifest.volumes).length;
  events({ kind: 'snapshot', action: 'done', message: `data of set ${ctx.set} verified against snapshot ${snapshot.manifest.name} (${volumes} volume(s))` });
}
