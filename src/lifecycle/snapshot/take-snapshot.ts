/**
 * `testbed snapshot <set> <name>`: the set's services held still, each service's container
 * committed, its named volumes and folder files copied into a data image that describes the
 * whole, then the services brought back. Nothing is copied to the host: the engine's tars
 * stream from container to container.
 */
import { readdir, readFile } from 'node:fs/promises';
import { NotFoundError, SnapshotError, UsageError } from '../../common/errors.js';
import type { ContainerDetails, ContainerSummary } from '../../engine/engine.js';
import type { Project } from '../../model/project.js';
import { LABEL } from '../../plan/labels.js';
import { volumeKeys } from '../../plan/mounts.js';
import { engineVolumeName } from '../../plan/names.js';
import { serializeManifest, type ServiceRecord, type SnapshotManifest } from '../../plan/snapshot-manifest.js';
import { localSnapshotRef, serviceImageRef, SNAPSHOT_LABEL, validateSnapshotName } from '../../plan/snapshot-names.js';
import { helperContainerName } from '../../plan/snapshot-specs.js';
import type { Labels } from '../../plan/specs.js';
import { throwIfAborted } from '../abort.js';
import { ignoreEvents, type EventSink } from '../events.js';
import { choicesOf } from '../set-choices.js';
import type { OperationOptions, SetContext } from '../set-context.js';
import { byService, findSetResources } from '../set-resources.js';
import { captureData, type SetFile, type VolumeSource } from './capture-data.js';
import { captureService } from './capture-service.js';
import { holdStill } from './hold-still.js';
import { containerSource } from './image-sources.js';
import { openSnapshot, type Snapshot } from './open-snapshot.js';
import { ensureScratchImage } from './scratch-image.js';
import { setDrift } from './set-drift.js';

export interface SnapshotOptions extends OperationOptions {
  /** Pause the services while they are read, instead of stopping them. */
  pause?: boolean;
  /** Take it even though the set no longer matches its file. */
  force?: boolean;
  now?: () => Date;
}

export async function takeSnapshot(ctx: SetContext, project: Project, name: string, options: SnapshotOptions = {}): Promise<Snapshot> {
  const events = options.events ?? ignoreEvents;
  const step = (message: string) => events({ kind: 'snapshot', action: 'step', message });
  validateSnapshotName(name);
  const ref = localSnapshotRef(project.name, name);
  if (await ctx.engine.inspectImage(ref)) {
    throw new UsageError(`snapshot ${name} of project ${project.name} already exists`, {
      hint: `Choose another name, or remove it first: testbed snapshot rm ${name}`,
    });
  }
  const { containers } = await findSetResources(ctx.engine, ctx.projectName, ctx.set);
  if (containers.length === 0) {
    throw new NotFoundError('SET_NOT_FOUND', `set ${ctx.set} of project ${project.name} has no containers to snapshot`, {
      hint: `Bring it up first: testbed up ${ctx.set}`,
    });
  }
  const drift = await setDrift(ctx, project, containers, events);
  if (drift.length > 0 && !options.force) {
    throw new SnapshotError('SNAPSHOT_STALE', `set ${ctx.set} no longer matches the file, so a snapshot of it would not restore as the file says:\n  ${drift.join('\n  ')}`, {
      hint: `Apply the file first (testbed up ${ctx.set}), or take the snapshot of the set as it is with --force.`,
      details: { drift },
    });
  }
  for (const line of drift) events({ kind: 'warning', message: `snapshot taken with --force: ${line}` });
  throwIfAborted(options.signal);

  const scratch = await ensureScratchImage(ctx.engine);
  const services = byService(containers.filter((c) => project.services[c.labels[LABEL.service] ?? '']));
  const volumes = volumeSources(project, containers);
  const shared = new Set(Object.values(project.services).flatMap((s) => volumeKeys(s).map((k) => engineVolumeName(project, ctx.set, k))));
  for (const key of externalVolumes(project)) events({ kind: 'warning', message: `volume ${key} is external: it is shared, not the set's, and is left out of the snapshot` });

  const mode = options.pause ? 'paused' : 'stopped';
  const resume = await holdStill(ctx, project, containers, mode, events, options.signal);
  const made: string[] = [];
  try {
    const records: Record<string, ServiceRecord> = {};
    for (const [service, replicas] of services) {
      throwIfAborted(options.signal);
      const first = (await ctx.engine.inspectContainer(replicas[0]!.id)) as ContainerDetails;
      const source = await containerSource(ctx.engine, replicas[0]!);
      const imageRef = serviceImageRef(ref, service);
      step(`${service}: capturing ${first.name}`);
      const captured = await captureService(ctx.engine, {
        service,
        container: first,
        sharedVolumes: shared,
        ref: imageRef,
        labels: serviceLabels(name, project.name, service, source),
        helperName: helperContainerName(ctx.projectName, ctx.set, service),
        onStep: step,
      });
      made.push(imageRef);
      if (captured.committedContainer) {
        events({
          kind: 'warning',
          message: `service ${service}: ${captured.committedContainer}, so its snapshot image is made on a commit of its container, which keeps the container's environment (secret variables included) on this engine as the image's parent; it is never pushed or exported, and goes with the snapshot`,
        });
      }
      records[service] = {
        imageId: captured.imageId,
        source,
        replicas: replicas.length,
        configHashes: replicas.map((c) => c.labels[LABEL.configHash] ?? ''),
        anonymousVolumes: captured.anonymousVolumes,
      };
    }
    throwIfAborted(options.signal);
    const createdAt = (options.now ?? (() => new Date()))().toISOString();
    const setFiles = await readSetFiles(ctx);
    const jobsDone = setFiles.filter((f) => f.path.startsWith('jobs/')).map((f) => f.path.split('/')[1]!);
    await captureData(ctx.engine, {
      scratchImage: scratch,
      ref,
      helperName: helperContainerName(ctx.projectName, ctx.set, 'data'),
      setFiles,
      volumes,
      onStep: step,
      labels: (volumeRecords) => {
        const manifest: SnapshotManifest = {
          version: 1,
          name,
          project: project.name,
          set: ctx.set,
          createdAt,
          mode,
          forced: drift.length > 0,
          services: records,
          volumes: volumeRecords,
          jobsDone,
          madeWith: choicesOf(project),
        };
        return {
          [LABEL.managed]: 'true',
          [SNAPSHOT_LABEL.name]: name,
          [SNAPSHOT_LABEL.role]: 'data',
          [SNAPSHOT_LABEL.project]: project.name,
          [SNAPSHOT_LABEL.manifest]: serializeManifest(manifest),
        };
      },
    });
    made.push(ref);
  } catch (err) {
    // Half a snapshot is no snapshot: its images go (in reverse, the data image last made).
    for (const image of made.reverse()) await ctx.engine.removeImage(image).catch(() => undefined);
    throw err;
  } finally {
    await resume();
  }
  const snapshot = (await openSnapshot(ctx.engine, ref))!;
  events({ kind: 'snapshot', action: 'done', message: `snapshot ${name} taken of set ${ctx.set} (${ref})` });
  return snapshot;
}

function serviceLabels(name: string, project: string, service: string, source: unknown): Labels {
  return {
    [LABEL.managed]: 'true',
    [SNAPSHOT_LABEL.name]: name,
    [SNAPSHOT_LABEL.role]: 'service',
    [SNAPSHOT_LABEL.project]: project,
    [SNAPSHOT_LABEL.service]: service,
    [SNAPSHOT_LABEL.source]: JSON.stringify(source),
  };
}

/** Each named volume of the set, read through the first container (by service, then replica) that mounts it. */
function volumeSources(project: Project, containers: ContainerSummary[]): VolumeSource[] {
  const sources = new Map<string, VolumeSource>();
  for (const c of containers) {
    const service = project.services[c.labels[LABEL.service] ?? ''];
    if (!service) continue;
    for (const mount of service.volumes) {
      if (mount.type !== 'volume' || !mount.source || project.volumes[mount.source]?.external || sources.has(mount.source)) continue;
      sources.set(mount.source, { key: mount.source, container: c.id, target: mount.target });
    }
  }
  return [...sources.values()].sort((a, b) => a.key.localeCompare(b.key));
}

function externalVolumes(project: Project): string[] {
  const used = new Set(Object.values(project.services).flatMap(volumeKeys));
  return [...used].filter((key) => project.volumes[key]?.external).sort();
}

/** secrets.json, values.json and the `once` jobs' done markers: what a new set needs of the folder. */
async function readSetFiles(ctx: SetContext): Promise<SetFile[]> {
  const files: SetFile[] = [];
  const read = (path: string) => readFile(ctx.folder.file(...path.split('/'))).catch(() => undefined);
  for (const path of ['secrets.json', 'values.json']) {
    const content = await read(path);
    if (content) files.push({ path, content });
  }
  for (const job of (await readdir(ctx.folder.file('jobs')).catch(() => [] as string[])).sort()) {
    const content = await read(`jobs/${job}/done`);
    if (content) files.push({ path: `jobs/${job}/done`, content });
  }
  return files;
}
