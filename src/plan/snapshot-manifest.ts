/**
 * What a snapshot holds, as recorded in a label of its data image: the services with their
 * images and where they ran from, the named volumes with their content checksums, and what
 * the set's folder held. Secrets are never in it: they travel in the data image's files.
 */
import { UsageError } from '../common/errors.js';

/** What a service ran from: its build's source hash, or the image the file names. */
export type ImageSource = { build: string } | { image: string };

export interface ContentSummary {
  /** sha256 over the volume's entries (path, type, mode, owner, size, content, link), not their times. */
  checksum: string;
  bytes: number;
  entries: number;
}

export interface VolumeRecord extends ContentSummary {
  /** Folder in the data image that holds the content; a volume mounted there is filled from it. */
  path: string;
  /** Where the service it was read from mounts it (for people reading `inspect`). */
  mountedAt: string;
}

export interface AnonymousVolumeRecord extends ContentSummary {
  /** The container path: the content is in the service image there. */
  target: string;
}

export interface ServiceRecord {
  /** Image id of the service image, checked before it is used. */
  imageId: string;
  source: ImageSource;
  /** Replicas in the set it was taken from; the first one's file system is the image. */
  replicas: number;
  /** The config hash of each replica in the set it was taken from. */
  configHashes: string[];
  anonymousVolumes: AnonymousVolumeRecord[];
}

export interface SnapshotManifest {
  version: 1;
  name: string;
  project: string;
  /** The set it was taken from. */
  set: string;
  createdAt: string;
  /** How the services were held still while they were read. */
  mode: 'stopped' | 'paused';
  /** Taken with --force although the set no longer matched the file. */
  forced: boolean;
  services: Record<string, ServiceRecord>;
  volumes: Record<string, VolumeRecord>;
  /** `once` jobs done in the set, so a set made from the snapshot does not repeat them. */
  jobsDone: string[];
  /**
   * The project directory, Compose files (absolute), env files and profiles the set was made
   * with, so a set can be made from the snapshot wherever the command runs (the dashboard).
   * Absent in snapshots taken before it was recorded.
   */
  madeWith?: { projectDirectory: string; files: string[]; envFiles?: string[]; profiles: string[] };
}

export function serializeManifest(manifest: SnapshotManifest): string {
  return JSON.stringify(manifest);
}

export function parseManifest(text: string | undefined, ref: string): SnapshotManifest {
  let parsed: unknown;
  try {
    parsed = text === undefined ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const m = parsed as Partial<SnapshotManifest> | undefined;
  if (!m || typeof m !== 'object' || typeof m.services !== 'object' || typeof m.volumes !== 'object') {
    throw new UsageError(`${ref} is not a Testbed snapshot (its description label is missing or damaged)`, {
      hint: 'testbed snapshot ls lists the snapshots on this engine.',
    });
  }
  if (m.version !== 1) {
    throw new UsageError(`${ref} was made by a newer Testbed (snapshot format ${String(m.version)})`, { hint: 'Update Testbed to use it.' });
  }
  return m as SnapshotManifest;
}

export function sameSource(a: ImageSource | undefined, b: ImageSource | undefined): boolean {
  if (!a || !b) return false;
  if ('build' in a && 'build' in b) return a.build === b.build;
  if ('image' in a && 'image' in b) return a.image === b.image;
  return false;
}

export function describeSource(source: ImageSource): string {
  return 'build' in source ? `build ${source.build.slice(0, 12)}` : source.image;
}
