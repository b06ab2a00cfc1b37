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
 * the service's image, the files the container deleted are deleted there by the image's own `rm`,
 * and that container is committed: a commit of the service's own container would record its
 * whole configuration, secret environment included (the image's container_config), and the
 * image would keep that commit as its parent on this engine.
 *
 * When that cannot be done (the image has no `rm` for the deletions, or more paths changed than
 * are worth copying one by one), the container's own commit is the base instead: the snapshot is
 * exact, and that base, which holds the environment, stays on this engine as the image's parent
 * (never pushed or exported); the caller is told.
 */
import { posix } from 'node:path';
import { SnapshotError } from '../../common/errors.js';
import type { ContainerDetails, ContainerMount, Engine, FileChange } from '../../engine/engine.js';
import { changedForWhatIsBelow, isUnder } from '../../model/doctor/file-changes.js';
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

/** How a container's changes are made again on its image. */
export interface ChangePlan {
  /** Each added path whose parent was not added too (its copy holds what is below it), and each changed path with nothing changed below it. */
  copy: string[];
  /** What it deleted of the image. */
  remove: string[];
}

/**
 * A changed folder is listed for its changed contents, which are taken one by one; nothing at or
 * under a mount is taken, as its content is not the container's own layer. Undefined when there
 * are more than MAX_COPIED_CHANGES paths.
 */
export function planChanges(changes: FileChange[], mounts: ContainerMount[]): ChangePlan | undefined {
  const own = changes.filter((c) => !mounts.some((m) => isUnder(c.path, m.destination)));
  const paths = own.map((c) => c.path);
  const added = new Set(own.filter((c) => c.kind === 'added').map((c) => c.path));
  const copy = own
    .filter((c) => c.kind !== 'deleted')
    .filter((c) => (c.kind === 'added' ? !added.has(posix.dirname(c.path)) : !changedForWhatIsBelow(c, paths)))
    .map((c) => c.path);
  const remove = own.filter((c) => c.kind === 'deleted').map((c) => c.path);
  return copy.length + remove.length > MAX_COPIED_CHANGES ? undefined : { copy: copy.sort(), remove: remove.sort() };
}

export async function captureService(engine: Engine, input: ServiceCaptureInput): Promise<ServiceCapture> {
  const { container } = input;
  await emptyInjectedFiles(engine, container);
  try {
    const plan = planChanges(await engine.containerChanges(container.id), container.mounts);
    const onImage = plan && (await imageOf(engine, input, container.imageId, plan));
    if (onImage) return onImage;
    const committedContainer = plan
      ? 'what it deleted of its image could not be deleted in a copy (the image has no rm, or rm failed)'
      : `it changed more than ${MAX_COPIED_CHANGES} paths of its image`;
    // The container's own commit holds its environment: it may stay only as the parent of a finished image.
    const base = await engine.commitContainer(container.id, { labels: input.labels, baseConfig: true });
    try {
      return { ...(await imageOf(engine, input, base, { copy: [], remove: [] }))!, committedContainer };
    } catch (err) {
      await engine.removeImage(base).catch(() => undefined);
      throw err;
    }
  } finally {
    await injectFiles(engine, container);
  }
}

/**
 * The service's image: a container of `image` where the volume paths are plain folders (a tmpfs
 * that is never mounted keeps the engine from making volumes there), given the changes, run to
 * delete if it must, filled with the anonymous volumes, and committed. Undefined when the image
 * cannot run the deletions.
 */
async function imageOf(engine: Engine, input: ServiceCaptureInput, image: string, plan: ChangePlan): Promise<ServiceCapture | undefined> {
  const { container } = input;
  const { repository, tag } = parseImageRef(input.ref);
  // rm runs as root. A user is named only when the image names another: the engine writes a
  // container's user into the commit of an image that names none.
  const rootAlready = plan.remove.length > 0 && ((await engine.inspectImage(image))?.user ?? '') === '';
  await engine.removeContainer(input.helperName);
  const helper = await engine.createContainer(
    helperSpec({
      name: input.helperName,
      image,
      purpose: `capture ${input.service}`,
      tmpfs: container.mounts.map((m) => m.destination),
      ...(plan.remove.length > 0 ? { run: ['rm', '-rf', '--', ...plan.remove], ...(rootAlready ? {} : { user: '0:0' }) } : {}),
    }),
  );
  try {
    if (plan.copy.length > 0) input.onStep?.(`${input.service}: copying ${plan.copy.length} changed path(s) onto its image`);
    for (const path of plan.copy) await copyBetween(engine, { container: container.id, path }, { container: helper, directory: posix.dirname(path) });
    if (plan.remove.length > 0) {
      input.onStep?.(`${input.service}: deleting ${plan.remove.length} path(s) of its image, as the container did`);
      // An image without rm cannot be started so; anything else that fails here fails the commit after it too.
      const removed = await engine.startContainer(helper).then(
        () => engine.waitContainer(helper).then((code) => code === 0),
        () => false,
      );
      if (!removed) return undefined;
    }
    const anonymous = container.mounts.filter((m) => m.type === 'volume' && m.name && !input.sharedVolumes.has(m.name));
    const records: AnonymousVolumeRecord[] = [];
    for (const mount of anonymous) records.push(await captureVolume(engine, input, helper, mount.destination));
    const imageId = await engine.commitContainer(helper, { repository, tag, labels: input.labels, baseConfig: true });
    return { imageId, anonymousVolumes: records };
  } finally {
    await engine.removeContainer(helper);
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
