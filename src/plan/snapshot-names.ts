/**
 * Names and labels of snapshots. A snapshot is a set of ordinary images in one repository:
 * `<repository>:<tag>` holds the set's data (its named volumes and its folder's secrets,
 * values and job markers) and labels that describe the rest; `<repository>:<tag>.<service>`
 * is each service's container file system. Local snapshots live in `testbed-snapshot/<project>`
 * and are named by their tag; pushed ones are named by their registry reference.
 */
import { UsageError } from '../common/errors.js';

const PREFIX = 'dev.testbed.snapshot';

export const SNAPSHOT_LABEL = {
  /** The snapshot's name when it was taken. */
  name: PREFIX,
  /** 'data' on the image that describes the snapshot, 'service' on the others. */
  role: `${PREFIX}.role`,
  project: `${PREFIX}.project`,
  /** On a service image: the service. */
  service: `${PREFIX}.service`,
  /** On the data image: the manifest (JSON, see snapshot-manifest.ts). */
  manifest: `${PREFIX}.manifest`,
  /** On a service image: what the service ran from (JSON ImageSource), to tell whether it changed since. */
  source: `${PREFIX}.source`,
} as const;

/** Like a set name, so the tag and the service suffix never run together: no '.' or '_'. */
export const SNAPSHOT_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function validateSnapshotName(name: string): void {
  if (SNAPSHOT_NAME_PATTERN.test(name)) return;
  throw new UsageError(`invalid snapshot name ${JSON.stringify(name)}`, {
    hint: 'A snapshot name is 1 to 64 lowercase letters, digits and "-", not starting or ending with "-" (for example: seeded, wiki-2024).',
  });
}

/** Where a project's local snapshots are kept. */
export function localSnapshotRepository(project: string): string {
  return `testbed-snapshot/${project}`.toLowerCase();
}

/** A registry or image reference rather than a local snapshot's name. */
export function isSnapshotReference(nameOrRef: string): boolean {
  return nameOrRef.includes('/') || nameOrRef.includes(':');
}

export interface ImageRef {
  repository: string;
  tag: string;
}

/** "host:5000/team/app:v1" -> { repository, tag } (latest when none); digests are not accepted. */
export function parseImageRef(ref: string): ImageRef {
  if (ref.includes('@')) {
    throw new UsageError(`${ref}: a snapshot is named by a tag, not a digest`, { hint: 'Use repository:tag, e.g. registry.example:5000/team/seeded:v1.' });
  }
  const colon = ref.lastIndexOf(':');
  const tagged = colon > ref.lastIndexOf('/');
  const repository = tagged ? ref.slice(0, colon) : ref;
  const tag = tagged ? ref.slice(colon + 1) : 'latest';
  if (!/^[a-z0-9][a-z0-9._:/-]*$/.test(repository) || repository.includes('//') || repository.endsWith('/')) {
    throw new UsageError(`${ref} is not an image reference`, { hint: 'Repository names are lowercase: [host[:port]/]path[:tag].' });
  }
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) throw new UsageError(`${ref}: "${tag}" is not a valid image tag`);
  return { repository, tag };
}

export function formatImageRef(ref: ImageRef): string {
  return `${ref.repository}:${ref.tag}`;
}

/** The reference of a local snapshot. */
export function localSnapshotRef(project: string, name: string): string {
  return formatImageRef({ repository: localSnapshotRepository(project), tag: name });
}

/** The image of one service of the snapshot whose data image is `dataRef`. */
export function serviceImageRef(dataRef: string, service: string): string {
  const { repository, tag } = parseImageRef(dataRef);
  const serviceTag = `${tag}.${service}`;
  if (serviceTag.length > 128) {
    throw new UsageError(`${dataRef}: tag ${serviceTag} would be longer than 128 characters`, { hint: 'Use a shorter tag.' });
  }
  return formatImageRef({ repository, tag: serviceTag });
}

/** The local snapshot name a reference stands for, when it is one. */
export function localSnapshotName(ref: string): string | undefined {
  const { repository, tag } = parseImageRef(ref);
  return repository.startsWith('testbed-snapshot/') && !tag.includes('.') ? tag : undefined;
}

/** The empty base image that the data image is made on (no file, no volume declared). */
export const SCRATCH_IMAGE = { repository: 'testbed/scratch', tag: 'empty' } as const;

/** Inside the data image: the set's folder files and one folder per named volume. */
export const DATA_ROOT = '/testbed';
export const SET_FILES_DIR = `${DATA_ROOT}/set`;
export function volumeDataDir(key: string): string {
  return `${DATA_ROOT}/volumes/${key}`;
}
