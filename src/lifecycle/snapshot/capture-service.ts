/**
 * One service's image in a snapshot: its first replica's file system changes, committed with
 * its image's configuration (not the set's labels or the values of its variables), plus the
 * content of its anonymous volumes at their paths, so that the engine fills a new container's
 * volumes from it. Named volumes are not here: they go into the data image (capture-data.ts).
 *
 * Nothing of the set's secrets goes in. The files the set copied in (its secrets, its rendered
 * configs) are emptied for the commit and put back afterwards; each new set gets its own. The
 * engine records the committed container's whole configuration in the image (its
 * container_config, with the secret environment), so that first commit is only a base: the image
 * is the commit of a container made from it, whose configuration is the image's own.
 */
import { posix } from 'node:path';
import { SnapshotError } from '../../common/errors.js';
import type { ContainerDetails, Engine } from '../../engine/engine.js';
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
}

export async function captureService(engine: Engine, input: ServiceCaptureInput): Promise<ServiceCapture> {
  const { container } = input;
  const { repository, tag } = parseImageRef(input.ref);
  const anonymous = container.mounts.filter((m) => m.type === 'volume' && m.name && !input.sharedVolumes.has(m.name));
  await emptyInjectedFiles(engine, container);
  try {
    const base = await engine.commitContainer(container.id, { labels: input.labels, baseConfig: true });
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
      const records: AnonymousVolumeRecord[] = [];
      for (const mount of anonymous) records.push(await captureVolume(engine, input, helper, mount.destination));
      const imageId = await engine.commitContainer(helper, { repository, tag, labels: input.labels, baseConfig: true });
      return { imageId, anonymousVolumes: records };
    } catch (err) {
      // The base holds the set's environment: it may stay only as the parent of a finished image.
      if (helper) await engine.removeContainer(helper);
      await engine.removeImage(base).catch(() => undefined);
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
