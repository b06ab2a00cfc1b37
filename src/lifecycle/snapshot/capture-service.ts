/**
 * One service's image in a snapshot: its first replica's file system changes, on top of the image
 * the service was made from, with that image's configuration (not the set's labels or the values
 * of its variables), plus the content of its anonymous volumes at their paths, so that the engine
 * fills a new container's volumes from it. Named volumes are not here: they go into the data
 * image (capture-data.ts).
 *
 * Nothing of the set's secrets goes in, nor into any image it is made on. The files the set
 * copied in (its secrets, its rendered configs) are emptied for the capture and put back
 * afterwards; each new set gets its own. The changed files are copied into a fresh container of
 * the service's image, which is committed: a commit of the service's own container would record
 * its whole configuration, secret environment included (the image's container_config), and the
 * image would keep that commit as its parent on this engine.
 *
 * Copying cannot delete a file of the image. When the container deleted some, or changed more
 * paths than are worth copying one by one, its own commit is the base instead: the snapshot is
 * exact, and that base, which holds the environment, stays on this engine as the image's parent
 * (never pushed or exported); the caller is told.
 */
import { posix } from 'node:path';
import { SnapshotError } from '../../common/errors.js';
import type { ContainerDetails, ContainerMount, Engine, FileChange } from '../../engine/engine.js';
import type { AnonymousVolumeRecord } from '../../plan/snapshot-manifest.js';
import { parseImageRef } from '../../plan/snapshot-names.js';
import { helperSpec } from '../../plan/snapshot-specs.js';
import type { Labels } from '../../plan/specs.js';
import { emptyInjectedFiles, injectFiles } from '../configure/inject-files.js';
import { checksumOf } from './content-checksum.js';
import { copyBetween } from './copy-between.js';

export interface ServiceCaptureInput {
  service: string;
  container: ContainerDetails;
  /** Engine names of the volumes that are not the container's own (the set's named volumes, external ones). */
  sharedVolumes: ReadonlySet<string>;
  /** Reference to give the image. */
  ref: string;
  labels: Labels;
  /** Name for the container used to add anonymous volumes' content. */
  helperName: string;
  onStep?: (message: string) => void;
}

export interface ServiceCapture {
  imageId: string;
  anonymousVolumes: AnonymousVolumeRecord[];
  /** Why the image is made on a commit of the container (which holds its environment), when it is. */
  committedContainer?: string;
}

/** More changed paths than this are committed with the container rather than copied one by one. */
export const MAX_COPIED_CHANGES = 200;

/**
 * The paths to copy to rebuild a container's changes on its image: each added path whose parent
 * was not added too (its copy holds what is below it), and each changed path with nothing changed
 * below it (a changed folder is listed for its changed contents). Nothing at or under a mount:
 * its content is not the container's own layer. Undefined when copying cannot rebuild them.
 */
export function changesToCopy(changes: FileChange[], mounts: ContainerMount[]): string[] | undefined {
  const under = (path: string, dir: string) => path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);
  const own = changes.filter((c) => !mounts.some((m) => under(c.path, m.destination)));
  if (own.some((c) => c.kind === 'deleted')) return undefined;
  const added = new Set(own.filter((c) => c.kind === 'added').map((c) => c.path));
  const paths = own
    .filter((c) => (c.kind === 'added' ? !added.has(posix.dirname(c.path)) : !own.some((o) => o.path !== c.path && under(o.path, c.path))))
    .map((c) => c.path);
  return paths.length > MAX_COPIED_CHANGES ? undefined : paths.sort();
}

export async function captureService(engine: Engine, input: ServiceCaptureInput): Promise<ServiceCapture> {
  const { container } = input;
  const { repository, tag } = parseImageRef(input.ref);
  const anonymous = container.mounts.filter((m) => m.type === 'volume' && m.name && !input.sharedVolumes.has(m.name));
  await emptyInjectedFiles(engine, container);
  try {
    const changes = await engine.containerChanges(container.id);
    const copies = changesToCopy(changes, container.mounts);
    const committedContainer =
      copies === undefined
        ? changes.some((c) => c.kind === 'deleted')
          ? 'it deleted files of its image, which copying cannot do'
          : `it changed more than ${MAX_COPIED_CHANGES} paths of its image`
        : undefined;
    // The container's own commit holds its environment: made only when the changes cannot be copied.
    const base = copies === undefined ? await engine.commitContainer(container.id, { labels: input.labels, baseConfig: true }) : container.imageId;
    let helper: string | undefined;
    try {
      // A container of the base where the volume paths are plain folders (a tmpfs that is never
      // mounted keeps the engine from making volumes there), filled, and committed as the image.
      await engine.removeContainer(input.helperName);
      helper = await engine.createContainer(
        helperSpec({
          name: input.helperName,
          image: base,
          purpose: `capture ${input.service}`,
          tmpfs: container.mounts.map((m) => m.destination),
        }),
      );
      if (copies?.length) input.onStep?.(`${input.service}: copying ${copies.length} changed path(s) onto its image`);
      for (const path of copies ?? []) await copyBetween(engine, { container: container.id, path }, { container: helper, directory: posix.dirname(path) });
      const records: AnonymousVolumeRecord[] = [];
      for (const mount of anonymous) records.push(await captureVolume(engine, input, helper, mount.destination));
      const imageId = await engine.commitContainer(helper, { repository, tag, labels: input.labels, baseConfig: true });
      return { imageId, anonymousVolumes: records, ...(committedContainer ? { committedContainer } : {}) };
    } catch (err) {
      // A commit of the container holds the set's environment: it may stay only as the parent of a finished image.
      if (helper) await engine.removeContainer(helper);
      if (copies === undefined) await engine.removeImage(base).catch(() => undefined);
      throw err;
    } finally {
      if (helper) await engine.removeContainer(helper);
    }
  } finally {
    await injectFiles(engine, container);
  }
}

async function captureVolume(engine: Engine, input: ServiceCaptureInput, helper: string, destination: string): Promise<AnonymousVolumeRecord> {
  input.onStep?.(`${input.service}: reading its volume at ${destination}`);
  const inImage = await engine.getArchive(helper, destination).then(checksumOf, () => undefined);
  const summary = await copyBetween(engine, { container: input.container.id, path: destination }, { container: helper, directory: posix.dirname(destination) });
  // Files the image already had there, and the volume no longer has, cannot be taken out again.
  if (inImage && inImage.entries > 1) {
    const held = await checksumOf(await engine.getArchive(helper, destination));
    if (held.checksum !== summary.checksum) {
      throw new SnapshotError('SNAPSHOT_INVALID', `cannot keep the volume of service ${input.service} at ${destination} exactly: its image has files there that the volume no longer has`, {
        hint: `Mount a named volume there (volumes: ["data:${destination}"]), which snapshots keep exactly, and snapshot again.`,
      });
    }
  }
  return { target: destination, ...summary };
}
