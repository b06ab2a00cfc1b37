/**
 * Finds a snapshot on the engine by its name (a local snapshot of the project) or by an image
 * reference, and reads what its data image's labels say it holds.
 */
import { SnapshotError, UsageError } from '../../common/errors.js';
import type { Engine, ImageSummary } from '../../engine/engine.js';
import { parseManifest, type SnapshotManifest } from '../../plan/snapshot-manifest.js';
import {
  formatImageRef,
  isSnapshotReference,
  localSnapshotRef,
  parseImageRef,
  serviceImageRef,
  SNAPSHOT_LABEL,
  validateSnapshotName,
} from '../../plan/snapshot-names.js';

export interface Snapshot {
  /** The reference of the data image it was found by; service images are named after it. */
  ref: string;
  imageId: string;
  /** Every reference of the data image (its local name, where it was pushed to or pulled from). */
  refs: string[];
  manifest: SnapshotManifest;
}

export function serviceRef(snapshot: Snapshot, service: string): string {
  return serviceImageRef(snapshot.ref, service);
}

/** Every image reference that belongs to the snapshot as found: the data image's and each service's. */
export function snapshotRefs(snapshot: Snapshot): string[] {
  return [snapshot.ref, ...Object.keys(snapshot.manifest.services).sort().map((s) => serviceRef(snapshot, s))];
}

export function toSnapshot(ref: string, image: ImageSummary): Snapshot {
  if (image.labels[SNAPSHOT_LABEL.role] !== 'data') {
    throw new SnapshotError('SNAPSHOT_NOT_FOUND', `${ref} is an image, but not a Testbed snapshot`, {
      hint: 'testbed snapshot ls lists the snapshots on this engine.',
    });
  }
  return { ref, imageId: image.id, refs: image.tags, manifest: parseManifest(image.labels[SNAPSHOT_LABEL.manifest], ref) };
}

export async function openSnapshot(engine: Engine, ref: string): Promise<Snapshot | undefined> {
  const image = await engine.inspectImage(ref);
  return image && toSnapshot(ref, image);
}

/** The data images of every snapshot on the engine. */
export function listSnapshotImages(engine: Engine): Promise<ImageSummary[]> {
  return engine.listImages({ [SNAPSHOT_LABEL.role]: 'data' });
}

/**
 * A name means the project's local snapshot; without a project, the one local snapshot of that
 * name on the engine. Anything with a '/' or ':' is an image reference.
 */
export async function snapshotRefFor(engine: Engine, project: string | undefined, nameOrRef: string): Promise<string> {
  if (isSnapshotReference(nameOrRef)) return formatImageRef(parseImageRef(nameOrRef));
  validateSnapshotName(nameOrRef);
  if (project) return localSnapshotRef(project, nameOrRef);
  const matches = (await listSnapshotImages(engine))
    .flatMap((image) => image.tags)
    .filter((tag) => tag.startsWith('testbed-snapshot/') && tag.endsWith(`:${nameOrRef}`));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw notFound(nameOrRef, undefined);
  throw new UsageError(`snapshots of several projects are named ${nameOrRef}: ${matches.join(', ')}`, {
    hint: 'Pass -p PROJECT (or -f FILE), or name the snapshot by its reference.',
  });
}

export async function resolveSnapshot(engine: Engine, project: string | undefined, nameOrRef: string): Promise<Snapshot> {
  const ref = await snapshotRefFor(engine, project, nameOrRef);
  const found = await openSnapshot(engine, ref);
  if (!found) throw notFound(nameOrRef, project);
  return found;
}

export function notFound(nameOrRef: string, project: string | undefined): SnapshotError {
  return new SnapshotError('SNAPSHOT_NOT_FOUND', `there is no snapshot ${nameOrRef}${project && !isSnapshotReference(nameOrRef) ? ` of project ${project}` : ''} on the engine`, {
    hint: 'testbed snapshot ls lists the snapshots here; a registry reference (host/repository:tag) is pulled by up --from or snapshot pull.',
  });
}

/** Checks that the service images the snapshot names are the ones it recorded. */
export async function checkServiceImages(engine: Engine, snapshot: Snapshot, services: string[]): Promise<void> {
  for (const service of services) {
    const ref = serviceRef(snapshot, service);
    const image = await engine.inspectImage(ref);
    const expected = snapshot.manifest.services[service]?.imageId;
    if (!image) {
      throw new SnapshotError('SNAPSHOT_INVALID', `snapshot ${snapshot.ref} is incomplete: image ${ref} of service ${service} is missing`, {
        hint: 'Pull or import the whole snapshot again (testbed snapshot pull / import).',
      });
    }
    if (image.id !== expected) {
      throw new SnapshotError('SNAPSHOT_INVALID', `image ${ref} is not the one snapshot ${snapshot.ref} recorded for service ${service}`, {
        hint: `It was re-tagged or replaced (recorded ${expected?.slice(0, 19)}, found ${image.id.slice(0, 19)}). Pull or import the snapshot again.`,
      });
    }
  }
}
