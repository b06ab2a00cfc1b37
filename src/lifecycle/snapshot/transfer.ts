/**
 * Snapshots between engines: push to and pull from a registry with the engine's own registry
 * client (credentials as `docker login` keeps them), or one tar file (`docker save` / `load`).
 * The service images go first and the data image last, so a registry that has the data image
 * has the whole snapshot.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { EngineError, SnapshotError, TestbedError } from '../../common/errors.js';
import type { Engine } from '../../engine/engine.js';
import { registryAuth, registryOf } from '../../engine/registry-auth.js';
import { formatImageRef, isSnapshotReference, localSnapshotRef, parseImageRef, serviceImageRef, SNAPSHOT_LABEL } from '../../plan/snapshot-names.js';
import { ignoreEvents, type EventSink } from '../events.js';
import { checkServiceImages, notFound, openSnapshot, resolveSnapshot, serviceRef, snapshotRefFor, snapshotRefs, toSnapshot, type Snapshot } from './open-snapshot.js';

export interface TransferOptions {
  events?: EventSink;
  /** Where DOCKER_CONFIG and HOME are read from (default: process.env). */
  env?: Record<string, string | undefined>;
}

export async function pushSnapshot(engine: Engine, project: string | undefined, nameOrRef: string, target: string, options: TransferOptions = {}): Promise<Snapshot> {
  const events = options.events ?? ignoreEvents;
  const source = await resolveSnapshot(engine, project, nameOrRef);
  const services = Object.keys(source.manifest.services).sort();
  await checkServiceImages(engine, source, services);
  const to = formatImageRef(parseImageRef(target));
  const auth = await registryAuth(to, { env: options.env });
  // References made here go again when the push fails: a failed push leaves nothing behind.
  const made: string[] = [];
  const push = async (image: string, ref: string) => {
    if (!(await engine.inspectImage(ref))) made.push(ref);
    await tagAs(engine, image, ref);
    events({ kind: 'snapshot', action: 'step', message: `pushing ${ref}` });
    await engine.pushImage(ref, auth).catch((err: unknown) => rethrow(err, ref, 'push'));
  };
  try {
    for (const service of services) await push(source.manifest.services[service]!.imageId, serviceImageRef(to, service));
    await push(source.imageId, to);
  } catch (err) {
    for (const ref of made) await engine.removeImage(ref).catch(() => undefined);
    throw err;
  }
  events({ kind: 'snapshot', action: 'done', message: `snapshot ${source.manifest.name} pushed to ${to}` });
  return (await openSnapshot(engine, to))!;
}

/** Pulls a snapshot; with `name`, it is also kept as that local snapshot of its project. */
export async function pullSnapshot(engine: Engine, refArg: string, options: TransferOptions & { name?: string } = {}): Promise<Snapshot> {
  const events = options.events ?? ignoreEvents;
  const ref = formatImageRef(parseImageRef(refArg));
  const auth = await registryAuth(ref, { env: options.env });
  events({ kind: 'snapshot', action: 'step', message: `pulling ${ref}` });
  await engine.pullImage(ref, undefined, auth).catch((err: unknown) => rethrow(err, ref, 'pull'));
  const snapshot = (await openSnapshot(engine, ref))!;
  const services = Object.keys(snapshot.manifest.services).sort();
  for (const service of services) {
    events({ kind: 'snapshot', action: 'step', message: `pulling ${serviceRef(snapshot, service)}` });
    await engine.pullImage(serviceRef(snapshot, service), undefined, auth).catch((err: unknown) => rethrow(err, serviceRef(snapshot, service), 'pull'));
  }
  await checkServiceImages(engine, snapshot, services);
  if (options.name) {
    const local = localSnapshotRef(snapshot.manifest.project, options.name);
    for (const service of services) await tagAs(engine, snapshot.manifest.services[service]!.imageId, serviceImageRef(local, service));
    await tagAs(engine, snapshot.imageId, local);
  }
  events({ kind: 'snapshot', action: 'done', message: `snapshot ${ref} pulled${options.name ? ` as ${options.name}` : ''}` });
  return options.name ? (await openSnapshot(engine, ref))! : snapshot;
}

/** The snapshot `up --from` names: found on the engine, or pulled when it is a registry reference. */
export async function findOrPullSnapshot(engine: Engine, project: string, nameOrRef: string, options: TransferOptions = {}): Promise<Snapshot> {
  const ref = await snapshotRefFor(engine, project, nameOrRef);
  const found = await openSnapshot(engine, ref);
  if (found) return found;
  if (!isSnapshotReference(nameOrRef)) throw notFound(nameOrRef, project);
  return pullSnapshot(engine, ref, options);
}

export async function exportSnapshot(engine: Engine, project: string | undefined, nameOrRef: string, file: string, options: TransferOptions = {}): Promise<{ snapshot: Snapshot; bytes: number }> {
  const snapshot = await resolveSnapshot(engine, project, nameOrRef);
  await checkServiceImages(engine, snapshot, Object.keys(snapshot.manifest.services));
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await pipeline(await engine.saveImages(snapshotRefs(snapshot)), createWriteStream(tmp, { mode: 0o600 }));
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const bytes = (await stat(file)).size;
  (options.events ?? ignoreEvents)({ kind: 'snapshot', action: 'done', message: `snapshot ${snapshot.manifest.name} exported to ${file}` });
  return { snapshot, bytes };
}

/** Loads a tar written by export; resolves with the snapshots it held. */
export async function importSnapshot(engine: Engine, file: string, options: TransferOptions = {}): Promise<Snapshot[]> {
  await stat(file).catch(() => {
    throw new SnapshotError('SNAPSHOT_NOT_FOUND', `${file} does not exist`);
  });
  const loaded = await engine.loadImages(createReadStream(file));
  const snapshots: Snapshot[] = [];
  for (const ref of loaded) {
    const image = await engine.inspectImage(ref);
    if (image?.labels[SNAPSHOT_LABEL.role] === 'data') snapshots.push(toSnapshot(ref, image));
  }
  if (snapshots.length === 0) {
    throw new SnapshotError('SNAPSHOT_NOT_FOUND', `${file} holds no Testbed snapshot (it loaded: ${loaded.join(', ') || 'nothing'})`, {
      hint: 'Make one with testbed snapshot export NAME FILE.',
    });
  }
  for (const snapshot of snapshots) await checkServiceImages(engine, snapshot, Object.keys(snapshot.manifest.services));
  for (const snapshot of snapshots) (options.events ?? ignoreEvents)({ kind: 'snapshot', action: 'done', message: `snapshot ${snapshot.ref} imported` });
  return snapshots;
}

async function tagAs(engine: Engine, image: string, ref: string): Promise<void> {
  const { repository, tag } = parseImageRef(ref);
  await engine.tagImage(image, repository, tag);
}

function rethrow(err: unknown, ref: string, verb: 'push' | 'pull'): never {
  const reason = err instanceof TestbedError ? String(err.details?.reason ?? err.message) : String(err);
  const registry = registryOf(ref);
  if (/unauthorized|authentication required|no basic auth credentials|denied/i.test(reason)) {
    throw new EngineError(`cannot ${verb} ${ref}: the registry ${registry} refused the credentials (${reason.replace(/^.*?: /, '')})`, {
      hint: `Log in first (docker login ${registry}); Testbed uses the credentials docker keeps in ~/.docker/config.json (or $DOCKER_CONFIG).`,
      cause: err,
    });
  }
  if (verb === 'pull' && err instanceof TestbedError && err.code === 'IMAGE_NOT_FOUND') {
    throw new SnapshotError('SNAPSHOT_NOT_FOUND', `cannot pull snapshot image ${ref}: ${reason}`, {
      hint: `Check the reference and that the registry ${registry} answers; testbed snapshot push puts snapshots there.`,
      cause: err,
    });
  }
  throw err;
}
