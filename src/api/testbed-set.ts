/**
 * One set, with every operation a user or a test needs. Each call re-reads the set's state
 * from the engine's labels and its folder, so objects can be made and dropped freely.
 */
import type { ExecResult } from '../engine/engine.js';
import { NotFoundError } from '../common/errors.js';
import { copyInSet } from '../lifecycle/copy.js';
import { createSet, type CreateOptions } from '../lifecycle/create.js';
import { destroySet, removeSet, type DestroyOptions, type RemoveOptions } from '../lifecycle/destroy.js';
import { execAttached, execInSet, type ExecInput } from '../lifecycle/exec.js';
import { hostsLines } from '../lifecycle/hosts.js';
import { ensureImages, type ImageOptions } from '../lifecycle/images.js';
import { setLogs, type LogsOptions, type SetLogLine } from '../lifecycle/logs.js';
import { requireProject, type SetContext } from '../lifecycle/set-context.js';
import { startSet, type StartOptions } from '../lifecycle/start.js';
import { setStatus, type ReplicaStatus } from '../lifecycle/status.js';
import { stopSet, type StopOptions } from '../lifecycle/stop.js';
import { upSet, type UpOptions } from '../lifecycle/up.js';
import type { InteractiveExecOptions } from '../engine/engine.js';

export class TestbedSet {
  constructor(readonly context: SetContext) {}

  get name(): string {
    return this.context.set;
  }

  get projectName(): string {
    return this.context.projectName;
  }

  async up(options: UpOptions = {}): Promise<void> {
    await upSet(this.context, requireProject(this.context, 'up'), options);
  }

  async build(options: ImageOptions = {}): Promise<Record<string, string>> {
    return ensureImages(this.context.engine, requireProject(this.context, 'build'), options);
  }

  async create(options: Omit<CreateOptions, 'images'> & { noCache?: boolean } = {}): Promise<void> {
    const project = requireProject(this.context, 'create');
    const images = await ensureImages(this.context.engine, project, { ...options, build: false });
    await createSet(this.context, project, { ...options, images });
  }

  async start(options: StartOptions = {}): Promise<void> {
    await startSet(this.context, requireProject(this.context, 'start'), options);
  }

  stop(options: StopOptions = {}): Promise<void> {
    return stopSet(this.context, options);
  }

  destroy(options: DestroyOptions = {}): Promise<void> {
    return destroySet(this.context, options);
  }

  remove(options: RemoveOptions = {}): Promise<{ imagesKept: string[] }> {
    return removeSet(this.context, options);
  }

  status(): Promise<ReplicaStatus[]> {
    return setStatus(this.context);
  }

  exec(service: string, cmd: string[], options: Omit<ExecInput, 'service' | 'cmd'> = {}): Promise<ExecResult> {
    return execInSet(this.context, { ...options, service, cmd });
  }

  execAttached(input: ExecInput & Omit<InteractiveExecOptions, 'cmd'>): Promise<number> {
    return execAttached(this.context, input);
  }

  logs(options: LogsOptions, onLine: (line: SetLogLine) => void): Promise<void> {
    return setLogs(this.context, options, onLine);
  }

  copy(from: string, to: string): Promise<void> {
    return copyInSet(this.context, from, to);
  }

  hosts(): Promise<string[]> {
    return hostsLines(this.context);
  }

  /** The loopback address of a service replica on the host. */
  async address(service: string, replica = 1): Promise<string> {
    const row = (await this.status()).find((r) => r.service === service && r.replica === replica);
    if (!row?.address) throw new NotFoundError('SERVICE_NOT_FOUND', `set ${this.name} has no running ${service} replica ${replica}`);
    return row.address;
  }

  /** host:port where a container port of a service is published, e.g. 127.61.4.2:8080. */
  async endpoint(service: string, containerPort: number, replica = 1, protocol = 'tcp'): Promise<string> {
    const row = (await this.status()).find((r) => r.service === service && r.replica === replica);
    const port = row?.ports.find((p) => p.container === `${containerPort}/${protocol}`);
    if (!port) {
      throw new NotFoundError('SERVICE_NOT_FOUND', `service ${service} of set ${this.name} publishes no port ${containerPort}/${protocol}`);
    }
    return port.host;
  }

  async url(service: string, containerPort: number, path = '/'): Promise<string> {
    return `http://${await this.endpoint(service, containerPort)}${path}`;
  }
}
