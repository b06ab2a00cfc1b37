/**
 * What a service runs from, compared across sets and machines: a built service by its build's
 * source hash (the tag's project part may differ), any other by the image the file names.
 * A snapshot records it per service; a set made from the snapshot runs the snapshot's image
 * for a service only while the file still says the same.
 */
import type { ContainerSummary, Engine } from '../../engine/engine.js';
import type { Project, Service } from '../../model/project.js';
import { LABEL } from '../../plan/labels.js';
import { builtImageTag } from '../../plan/names.js';
import { SNAPSHOT_LABEL } from '../../plan/snapshot-names.js';
import type { ImageSource } from '../../plan/snapshot-manifest.js';
import { buildHash } from '../build-hash.js';

/** What the file says the service runs now (hashing a build's context; nothing is built). */
export async function fileSource(service: Service): Promise<ImageSource> {
  if (service.build) return { build: await buildHash(service.build) };
  return { image: service.image! };
}

/** The image reference `up` would run for the service, without building or pulling it. */
export async function fileImageRef(project: Project, service: Service): Promise<string> {
  if (service.build) return builtImageTag(project.name, service.name, await buildHash(service.build));
  return service.image!;
}

/** What a running container was made from: a snapshot image passes its own source on. */
export async function containerSource(engine: Engine, container: ContainerSummary): Promise<ImageSource> {
  const labels = (await engine.inspectImage(container.image))?.labels ?? {};
  const recorded = labels[SNAPSHOT_LABEL.source];
  if (recorded) return JSON.parse(recorded) as ImageSource;
  const hash = labels[LABEL.buildHash];
  if (hash) return { build: hash };
  return { image: container.image };
}
