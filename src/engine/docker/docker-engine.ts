/**
 * The Engine interface over the Docker Engine API (dockerode). Podman's Docker-compatible
 * API goes through the same class; its differences are absorbed in this folder.
 *
 * Reads (list, inspect, version) go through docker-reads.ts; dockerode is loaded on the first
 * call that needs it, so that verbs that only read (status, ls) never pay for loading it.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { EngineError, ImageNotFoundError, InterruptedError } from '../../common/errors.js';
import { logged, type Logger } from '../../common/logger.js';
import type { BuildSpec, ContainerSpec, Labels, NetworkSpec, VolumeSpec } from '../../plan/specs.js';
import type {
  AttachedOutput,
  BuildProgress,
  CommitOptions,
  ContainerDetails,
  ContainerSummary,
  Engine,
  EngineInfo,
  ExecOptions,
  ExecResult,
  FileChange,
  ImageSummary,
  InteractiveExecOptions,
  LogLine,
  LogOptions,
  NetworkSummary,
  OutputSink,
  PathStat,
  EngineEvent,
  ProcessList,
  RegistryAuth,
  VolumeSummary,
} from '../engine.js';
import { attachOutput } from './docker-attach.js';
import { extraNetworksOf, needsImageEntrypoint, toCreateBody, toEndpointSettings } from './container-create-options.js';
import { toIpam } from './host-config.js';
import { isAbort, isNotFound, statusOf, toTestbedError, type ErrorContext } from './docker-errors.js';
import { runExec, runExecStream, runInteractiveExec } from './docker-exec.js';
import { CALL_WORDS, engineLoggers as log, type Verb } from './docker-call-words.js';
import { readEvents } from './docker-events.js';
import { statContainerPath } from './docker-path-stat.js';
import { readLogs } from './docker-logs.js';
import { commitContainer, importImage, loadImages, pushImage, saveImages } from './docker-images.js';
import { pullImage } from './docker-pull.js';
import type { DockerReads } from './docker-reads.js';
import {
  labelFilter,
  toContainerDetails,
  toContainerSummary,
  toFileChanges,
  toImageSummary,
  toNetworkSummary,
  toVolumeSummary,
} from './docker-summaries.js';

type Detail = Pick<ErrorContext, 'container' | 'image'>;

export class DockerEngine implements Engine {
  private client: Docker | undefined;
  private loading: Promise<Docker> | undefined;

  constructor(
    private readonly reads: DockerReads,
    /** Makes the dockerode client (bounded like the reads); called once, on the first call that needs it. */
    private readonly loadClient: () => Promise<Docker>,
    /** Where the engine was reached, for messages: unix:///var/run/docker.sock */
    readonly endpoint: string,
    readonly local: boolean = true,
  ) {}

  /** dockerode, once loaded: every use is inside call() or client(), which load it first. */
  private get docker(): Docker {
    if (!this.client) throw new Error('bug: dockerode used before it was loaded');
    return this.client;
  }

  /** Loads dockerode once, however many calls start at the same time. */
  private loaded(): Promise<Docker> {
    this.loading ??= this.loadClient().then((docker) => (this.client = docker));
    return this.loading;
  }

  async info(): Promise<EngineInfo> {
    const v = await this.query('read the engine version', () => this.reads.version());
    const podman = (v.Components ?? []).some((c) => /podman/i.test(c.Name));
    return { endpoint: this.endpoint, version: v.Version, apiVersion: v.ApiVersion, flavour: podman ? 'podman' : 'docker' };
  }

  async watchEvents(labels: Labels, onEvent: (event: EngineEvent) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const stream = (await this.clientQuery('watch engine events', () => this.docker.getEvents({ filters: labelFilter(labels) }))) as Readable;
    await readEvents(stream, onEvent, signal);
  }

  // Containers

  async listContainers(labels: Labels): Promise<ContainerSummary[]> {
    const list = await this.query('list containers', () => this.reads.listContainers({ all: true, filters: labelFilter(labels) }));
    return list.map(toContainerSummary);
  }

  async inspectContainer(idOrName: string): Promise<ContainerDetails | undefined> {
    const info = await this.rawInspect(idOrName);
    return info && toContainerDetails(info);
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const subject = `container ${spec.name}`;
    const body = toCreateBody(spec, needsImageEntrypoint(spec) ? await this.imageEntrypoint(spec.image) : undefined);
    // The body mirrors the API; dockerode's typings ask for fields the API does not require.
    const container = await this.call(log.container, 'create', subject, { container: spec.name, image: spec.image }, () =>
      this.docker.createContainer(body as unknown as Docker.ContainerCreateOptions),
    );
    log.container.debug(`Container ${spec.name} is ${short(container.id)}`);
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    const info = await this.rawInspect(id);
    if (!info) throw new EngineError(`cannot start container ${id}: it does not exist`);
    if (info.State.Running) return;
    const name = info.Name.replace(/^\//, '');
    const connected = new Set(Object.keys(info.NetworkSettings?.Networks ?? {}));
    for (const attachment of extraNetworksOf(info.Config.Labels)) {
      if (connected.has(attachment.network)) continue;
      await this.call(log.network, 'connect', `container ${name} to network ${attachment.network}`, { container: name }, () =>
        this.docker
          .getNetwork(attachment.network)
          .connect({ Container: info.Id, EndpointConfig: toEndpointSettings(attachment) })
          .catch((err: unknown) => {
            // Connected meanwhile (or by an earlier, interrupted start): what we wanted.
            if (!/already exists in network/i.test(String((err as Error).message))) throw err;
          }),
      );
    }
    await this.call(log.container, 'start', `container ${name}`, { container: name }, () =>
      this.docker
        .getContainer(info.Id)
        .start()
        .catch((err: unknown) => ignoreStatus(err, 304)),
    );
  }

  async stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    await this.call(log.container, 'stop', `container ${short(id)}`, { container: id }, () =>
      this.docker
        .getContainer(id)
        .stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds })
        // 304: already stopped; 404: gone, which is stopped too.
        .catch((err: unknown) => ignoreStatus(err, 304, 404)),
    );
  }

  async removeContainer(id: string): Promise<void> {
    await this.call(log.container, 'remove', `container ${short(id)}`, { container: id }, () =>
      this.docker
        .getContainer(id)
        .remove({ force: true, v: true })
        .catch((err: unknown) => {
          if (statusOf(err) === 409 && /already in progress/i.test(String((err as Error).message))) return;
          ignoreStatus(err, 404);
        }),
    );
  }

  async waitContainer(id: string, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) throw new InterruptedError();
    const result = await this.clientQuery(`wait for container ${id}`, () =>
      this.docker.getContainer(id).wait({ condition: 'not-running', ...(signal ? { abortSignal: signal } : {}) }),
    );
    return (result as { StatusCode: number }).StatusCode;
  }

  exec(containerId: string, options: ExecOptions): Promise<ExecResult> {
    return this.call(log.container, 'exec', `container ${short(containerId)}: ${options.cmd.join(' ')}`, { container: containerId }, () =>
      runExec(this.docker.getContainer(containerId), options),
    );
  }

  execStream(containerId: string, options: ExecOptions, onOutput: OutputSink): Promise<number> {
    return this.call(log.container, 'exec', `container ${short(containerId)}: ${options.cmd.join(' ')}`, { container: containerId }, () =>
      runExecStream(this.docker.getContainer(containerId), options, onOutput),
    );
  }

  attachOutput(containerId: string, onOutput: OutputSink): Promise<AttachedOutput> {
    return this.call(log.container, 'attach', `to container ${short(containerId)}`, { container: containerId }, () =>
      attachOutput(this.docker.getContainer(containerId), onOutput),
    );
  }

  execInteractive(containerId: string, options: InteractiveExecOptions): Promise<number> {
    return this.call(log.container, 'exec', `container ${short(containerId)}: ${options.cmd.join(' ')}`, { container: containerId }, () =>
      runInteractiveExec(this.docker.getContainer(containerId), options),
    );
  }

  async *logs(containerId: string, options: LogOptions): AsyncIterable<LogLine> {
    yield* readLogs(await this.loaded(), this.endpoint, containerId, options);
  }

  async getArchive(containerId: string, path: string): Promise<Readable> {
    const stream = await this.call(log.container, 'copy', `${path} from container ${short(containerId)}`, { container: containerId }, () =>
      this.docker.getContainer(containerId).getArchive({ path }),
    );
    return stream as Readable;
  }

  async statPath(containerId: string, path: string): Promise<PathStat | undefined> {
    const container = (await this.loaded()).getContainer(containerId);
    return this.query(`look at ${path} in container ${short(containerId)}`, () => statContainerPath(container, path));
  }

  async putArchive(containerId: string, path: string, tar: Readable): Promise<void> {
    await this.call(log.container, 'copy', `an archive to ${path} in container ${short(containerId)}`, { container: containerId }, () =>
      this.docker.getContainer(containerId).putArchive(tar, { path }),
    );
  }

  async pauseContainer(id: string): Promise<void> {
    await this.call(log.container, 'pause', `container ${short(id)}`, { container: id }, () =>
      this.docker
        .getContainer(id)
        .pause()
        // 409: already paused (or not running, which the caller looked at first).
        .catch((err: unknown) => {
          if (!(statusOf(err) === 409 && /already paused/i.test(String((err as Error).message)))) throw err;
        }),
    );
  }

  async unpauseContainer(id: string): Promise<void> {
    await this.call(log.container, 'unpause', `container ${short(id)}`, { container: id }, () =>
      this.docker
        .getContainer(id)
        .unpause()
        .catch((err: unknown) => {
          if (!(statusOf(err) === 409 && /is not paused/i.test(String((err as Error).message)))) throw err;
        }),
    );
  }

  async containerChanges(id: string): Promise<FileChange[]> {
    const list = await this.clientQuery(`list the changes of container ${short(id)}`, () => this.docker.getContainer(id).changes());
    return toFileChanges(list);
  }

  async containerProcesses(id: string, psArgs?: string): Promise<ProcessList> {
    const top = (await this.clientQuery(`list the processes of container ${short(id)}`, () =>
      this.docker.getContainer(id).top(psArgs ? { ps_args: psArgs } : {}),
    )) as { Titles?: string[]; Processes?: string[][] | null };
    return { titles: top.Titles ?? [], processes: top.Processes ?? [] };
  }

  commitContainer(id: string, options: CommitOptions): Promise<string> {
    const target = options.repository ? `${options.repository}:${options.tag ?? 'latest'}` : 'an image';
    return this.call(log.image, 'commit', `container ${short(id)} to ${target}`, { container: id }, () =>
      commitContainer(this.docker, id, options),
    );
  }

  // Networks

  async listNetworks(labels: Labels): Promise<NetworkSummary[]> {
    const list = await this.query('list networks', () => this.reads.listNetworks({ filters: labelFilter(labels) }));
    return list.map(toNetworkSummary);
  }

  async inspectNetwork(name: string): Promise<NetworkSummary | undefined> {
    const info = await this.query(`inspect network ${name}`, () =>
      this.reads.inspectNetwork(name).catch(undefinedWhenMissing),
    );
    return info && toNetworkSummary(info as Docker.NetworkInspectInfo);
  }

  async createNetwork(spec: NetworkSpec): Promise<string> {
    const network = await this.call(log.network, 'create', `network ${spec.name}`, {}, () =>
      this.docker.createNetwork({
        Name: spec.name,
        CheckDuplicate: true,
        Internal: spec.internal,
        EnableIPv6: spec.enableIpv6,
        Labels: spec.labels,
        ...(spec.driver ? { Driver: spec.driver } : {}),
        ...(spec.options ? { Options: spec.options } : {}),
        ...(spec.attachable !== undefined ? { Attachable: spec.attachable } : {}),
        ...(spec.ipam ? { IPAM: toIpam(spec.ipam) } : {}),
      }),
    );
    return network.id;
  }

  async removeNetwork(id: string): Promise<void> {
    await this.call(log.network, 'remove', `network ${short(id)}`, {}, () =>
      this.docker
        .getNetwork(id)
        .remove()
        .catch((err: unknown) => ignoreStatus(err, 404)),
    );
  }

  async moveContainerNetwork(containerId: string, fromNetworkId: string, toNetworkId: string): Promise<void> {
    const info = await this.rawInspect(containerId);
    if (!info) return;
    const endpoints = Object.values(info.NetworkSettings?.Networks ?? {});
    const from = endpoints.find((e) => e.NetworkID === fromNetworkId);
    if (!from) return;
    const subject = `container ${short(containerId)} from network ${short(fromNetworkId)} to ${short(toNetworkId)}`;
    await this.call(log.network, 'connect', subject, { container: containerId }, async () => {
      await this.docker
        .getNetwork(fromNetworkId)
        .disconnect({ Container: info.Id, Force: true })
        .catch((err: unknown) => ignoreStatus(err, 404));
      if (endpoints.some((e) => e.NetworkID === toNetworkId)) return;
      // The engine adds the container's short id as an alias of its own on every connect.
      const aliases = ((from.Aliases ?? []) as string[]).filter((a) => !info.Id.startsWith(a));
      const ipam = (from.IPAMConfig as { IPv4Address?: string } | null | undefined)?.IPv4Address;
      await this.docker.getNetwork(toNetworkId).connect({
        Container: info.Id,
        EndpointConfig: { ...(aliases.length ? { Aliases: aliases } : {}), ...(ipam ? { IPAMConfig: { IPv4Address: ipam } } : {}) },
      });
    });
  }

  // Volumes

  async listVolumes(labels: Labels): Promise<VolumeSummary[]> {
    const list = await this.query('list volumes', () => this.reads.listVolumes({ filters: labelFilter(labels) }));
    return (list.Volumes ?? []).map(toVolumeSummary);
  }

  async inspectVolume(name: string): Promise<VolumeSummary | undefined> {
    const info = await this.query(`inspect volume ${name}`, () => this.reads.inspectVolume(name).catch(undefinedWhenMissing));
    return info && toVolumeSummary(info);
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    await this.call(log.volume, 'create', `volume ${spec.name}`, {}, () =>
      this.docker.createVolume({
        Name: spec.name,
        DriverOpts: spec.driverOpts,
        Labels: spec.labels,
        ...(spec.driver ? { Driver: spec.driver } : {}),
      }),
    );
  }

  async removeVolume(name: string): Promise<void> {
    await this.call(log.volume, 'remove', `volume ${name}`, {}, () =>
      this.docker
        .getVolume(name)
        .remove()
        .catch((err: unknown) => ignoreStatus(err, 404)),
    );
  }

  // Images

  async inspectImage(ref: string): Promise<ImageSummary | undefined> {
    const info = await this.query(`inspect image ${ref}`, () => this.reads.inspectImage(ref).catch(undefinedWhenMissing));
    return info && toImageSummary(info);
  }

  async listImages(labels: Labels): Promise<ImageSummary[]> {
    const list = await this.query('list images', () => this.reads.listImages({ filters: labelFilter(labels) }));
    return list.map(toImageSummary);
  }

  buildImage(spec: BuildSpec, onProgress?: (p: BuildProgress) => void, signal?: AbortSignal): Promise<void> {
    // The build context's packer (tar-fs) loads with the first build.
    return this.call(log.image, 'build', `image ${spec.tag}`, { image: spec.tag }, async () =>
      (await import('./docker-build.js')).buildImage(this.docker, spec, onProgress, signal),
    );
  }

  async pullImage(ref: string, onProgress?: (p: BuildProgress) => void, auth?: RegistryAuth): Promise<void> {
    await this.call(log.image, 'pull', `image ${ref}`, { image: ref }, () =>
      pullImage(this.docker, ref, onProgress, auth).catch((err: unknown) => {
        const mapped = toTestbedError(err, { endpoint: this.endpoint, action: `pull image ${ref}`, image: ref });
        if (['ENGINE_UNREACHABLE', 'ENGINE_TIMEOUT', 'INTERRUPTED', 'IMAGE_NOT_FOUND'].includes(mapped.code)) throw mapped;
        throw new ImageNotFoundError(ref, { cause: err, details: { reason: mapped.message } });
      }),
    );
  }

  async pushImage(ref: string, auth?: RegistryAuth, onProgress?: (p: BuildProgress) => void): Promise<void> {
    await this.call(log.image, 'push', `image ${ref}`, { image: ref }, () => pushImage(this.docker, ref, auth, onProgress));
  }

  async tagImage(source: string, repository: string, tag: string): Promise<void> {
    await this.call(log.image, 'tag', `image ${short(source)} as ${repository}:${tag}`, { image: source }, () =>
      this.docker.getImage(source).tag({ repo: repository, tag }),
    );
  }

  importImage(tar: Readable, repository: string, tag: string, changes: string[] = []): Promise<string> {
    return this.call(log.image, 'import', `image ${repository}:${tag}`, {}, () => importImage(this.docker, tar, repository, tag, changes));
  }

  saveImages(refs: string[]): Promise<Readable> {
    return this.call(log.image, 'save', `images ${refs.join(', ')}`, { image: refs[0] }, () => saveImages(this.docker, refs));
  }

  loadImages(tar: Readable): Promise<string[]> {
    return this.call(log.image, 'load', 'images', {}, () => loadImages(this.docker, tar));
  }

  async removeImage(ref: string): Promise<void> {
    await this.call(log.image, 'remove', `image ${ref}`, { image: ref }, () =>
      this.docker
        .getImage(ref)
        .remove()
        .catch((err: unknown) => ignoreStatus(err, 404)),
    );
  }

  // Helpers

  private async rawInspect(idOrName: string): Promise<Docker.ContainerInspectInfo | undefined> {
    return this.query(`inspect container ${idOrName}`, () =>
      this.reads.inspectContainer(idOrName).catch(undefinedWhenMissing),
    );
  }

  private async imageEntrypoint(ref: string): Promise<{ entrypoint?: string[] } | undefined> {
    const info = await this.query(`inspect image ${ref}`, () => this.reads.inspectImage(ref).catch(undefinedWhenMissing));
    const entrypoint = info?.Config?.Entrypoint;
    // A missing image is reported by the create call itself.
    if (!entrypoint) return undefined;
    return { entrypoint: typeof entrypoint === 'string' ? [entrypoint] : entrypoint };
  }

  /** A call that changes something (with dockerode, loaded first): logged three ways, errors mapped. */
  private call<T>(logger: Logger, verb: Verb, subject: string, detail: Detail, op: () => Promise<T>): Promise<T> {
    return logged(logger, CALL_WORDS[verb], subject, async () => {
      await this.loaded();
      return this.mapped(`${CALL_WORDS[verb].verb} ${subject}`, detail, op);
    });
  }

  /** A read: not logged (lifecycle polls), errors mapped. */
  private query<T>(action: string, op: () => Promise<T>): Promise<T> {
    return this.mapped(action, {}, op);
  }

  /** A read that only dockerode makes (wait, changes, top): loads it first. */
  private async clientQuery<T>(action: string, op: () => Promise<T>): Promise<T> {
    await this.loaded();
    return this.query(action, op);
  }

  private async mapped<T>(action: string, detail: Detail, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (isAbort(err)) throw new InterruptedError();
      throw toTestbedError(err, { endpoint: this.endpoint, action, ...detail });
    }
  }
}

function ignoreStatus(err: unknown, ...statuses: number[]): void {
  const status = statusOf(err);
  if (status === undefined || !statuses.includes(status)) throw err;
}

function undefinedWhenMissing(err: unknown): undefined {
  if (isNotFound(err)) return undefined;
  throw err;
}

function short(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id;
}
