/**
 * The engine interface: one method per engine operation, in Testbed's own types.
 * engine/docker/ implements it with the Docker Engine API (dockerode); Podman's
 * Docker-compatible API goes through the same class, so its quirks stay there.
 */
import type { Readable, Writable } from 'node:stream';
import type { BuildSpec, ContainerSpec, Labels, NetworkSpec, VolumeSpec } from '../plan/specs.js';

export interface EngineInfo {
  /** Where the engine was reached, e.g. unix:///var/run/docker.sock */
  endpoint: string;
  version: string;
  apiVersion: string;
  /** 'docker' or 'podman' */
  flavour: 'docker' | 'podman';
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  /** Engine's own health, when the container has a healthcheck. */
  health?: 'starting' | 'healthy' | 'unhealthy';
  labels: Labels;
  createdAt: Date;
}

export interface PublishedPort {
  containerPort: string;
  hostIp: string;
  hostPort: number;
}

/** A mount of a container as the engine made it (volumes declared by the image included). */
export interface ContainerMount {
  type: 'volume' | 'bind' | 'tmpfs' | 'npipe';
  /** The volume's engine name (anonymous volumes have a generated one). */
  name?: string;
  /** Host path or volume name. */
  source: string;
  destination: string;
  readOnly: boolean;
}

export interface ContainerDetails extends ContainerSummary {
  /** The id of the image it was made from (`image` is the reference it was given, which may have moved since). */
  imageId: string;
  exitCode?: number;
  /** Restarts by the engine's restart policy since the container was last started by a client. */
  restartCount: number;
  startedAt?: Date;
  finishedAt?: Date;
  /** Last outputs of the engine's own health probe, newest last. */
  healthLog: { exitCode: number; output: string }[];
  ports: PublishedPort[];
  /** The ports it is made to publish (whether it runs or not); hostPort 0 for one the engine picks. */
  portBindings: PublishedPort[];
  /** Network engine name -> container IP on that network. */
  networks: Record<string, string>;
  /** Network engine name -> the network's ID (two networks may share a name). */
  networkIds: Record<string, string>;
  /** The process's command line, as the engine runs it. */
  path: string;
  args: string[];
  /** KEY=VALUE, the container's whole environment (the image's and the spec's). */
  env: string[];
  mounts: ContainerMount[];
  /** The user it runs as (`user:`, else the image's USER); '' means the image's default, root. */
  user: string;
  /** The folder it runs in (`working_dir:`, else the image's WORKDIR); '' means /. */
  workingDir: string;
  /** Capabilities added, and whether it is privileged (as created). */
  capAdd: string[];
  privileged: boolean;
  readOnlyRootfs: boolean;
}

/** One entry of the engine's list of a container's file system changes since it was created (volumes excluded). */
export interface FileChange {
  path: string;
  kind: 'changed' | 'added' | 'deleted';
}

/** The engine's `top` of a container: `ps` columns and one row per process. */
export interface ProcessList {
  titles: string[];
  processes: string[][];
}

export interface NetworkSummary {
  id: string;
  name: string;
  labels: Labels;
  internal: boolean;
  /** The engine's address ranges of the network (CIDR, e.g. 172.18.0.0/16). */
  subnets: string[];
  createdAt?: Date;
}

export interface VolumeSummary {
  name: string;
  labels: Labels;
  createdAt?: Date;
  driver?: string;
  /** The driver's options (`local`: type, device, o). */
  options?: Record<string, string>;
  /** Where the engine keeps the volume's content, on the engine's host. */
  mountpoint?: string;
}

/** A path in a container as the engine's archive API describes it. */
export interface PathStat {
  name: string;
  size: number;
  /** Go's os.FileMode bits: permissions in the low 9 bits, the type in the high ones. */
  mode: number;
  linkTarget: string;
}

export interface ImageSummary {
  id: string;
  tags: string[];
  labels: Labels;
  sizeBytes: number;
  createdAt?: Date;
  /** From an inspect (not a list): the image's USER ('' is root) and WORKDIR. */
  user?: string;
  workingDir?: string;
}

/** Credentials for a registry, as the engine's registry client takes them. */
export interface RegistryAuth {
  serveraddress: string;
  username?: string;
  password?: string;
  /** An OAuth refresh token (from `docker login` with some registries), used instead of a password. */
  identitytoken?: string;
}

export interface CommitOptions {
  /** Repository and tag to give the image; without them it is left untagged. */
  repository?: string;
  tag?: string;
  /**
   * The image's labels. The engine also keeps every label the container had (its own and its
   * image's); those not named here are blanked (''), so no set's labels travel with the image.
   */
  labels: Labels;
  /**
   * The image keeps the configuration of the container's image (command, user, environment...)
   * rather than the container's. Variables only the container set remain as bare names, without
   * their values: the engine keeps every variable's name in a commit.
   */
  baseConfig?: boolean;
  /** Dockerfile instructions applied to the configuration, e.g. CMD ["/nonexistent"]. */
  changes?: string[];
}

export interface ExecOptions {
  cmd: string[];
  env?: string[];
  user?: string;
  workingDir?: string;
  /** Runs with extended privileges (a lifecycle hook's `privileged: true`). */
  privileged?: boolean;
  /** Aborting stops waiting for the exec (the engine cannot kill an exec; the process may live on). */
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Receives a command's output as it comes, one stream at a time. */
export type OutputSink = (stream: 'stdout' | 'stderr', chunk: Buffer) => void;

/** A created container's output, attached before it starts so that nothing is missed. */
export interface AttachedOutput {
  /** Settles when the output ends (the container stopped) or close() was called. */
  ended: Promise<void>;
  close(): void;
}

export interface InteractiveExecOptions extends ExecOptions {
  tty: boolean;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Initial terminal size, and a way to follow resizes. */
  size?: { rows: number; columns: number };
  onResize?: (listener: (size: { rows: number; columns: number }) => void) => void;
}

export interface LogOptions {
  follow: boolean;
  /** Unix seconds, or a duration already converted by the caller. */
  since?: number;
  tail?: number;
  timestamps?: boolean;
  signal?: AbortSignal;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

export interface BuildProgress {
  /** One line of the builder's output, without trailing newline. */
  line: string;
}

/** Something that happened on the engine (a container started, died, turned healthy...). */
export interface EngineEvent {
  type: 'container' | 'network' | 'volume' | 'image' | string;
  /** start, die, stop, destroy, create, health_status: healthy... as the engine says it. */
  action: string;
  id: string;
  labels: Labels;
  time: Date;
}

export interface Engine {
  /** The engine runs on this machine: the ports it publishes are this host's ports. */
  readonly local: boolean;

  /**
   * Calls onEvent for each engine event of objects with these labels, until the signal aborts
   * (then it resolves) or the engine closes the stream (then it rejects).
   */
  watchEvents(labels: Labels, onEvent: (event: EngineEvent) => void, signal: AbortSignal): Promise<void>;

  info(): Promise<EngineInfo>;

  listContainers(labels: Labels): Promise<ContainerSummary[]>;
  inspectContainer(idOrName: string): Promise<ContainerDetails | undefined>;
  createContainer(spec: ContainerSpec): Promise<string>;
  /** Connects the networks beyond the first, then starts. Already running is not an error. */
  startContainer(id: string): Promise<void>;
  /** Already stopped is not an error. */
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  /** Missing is not an error. Anonymous volumes are removed with the container; named ones never. */
  removeContainer(id: string): Promise<void>;
  /** Resolves with the exit code once the container is not running. */
  waitContainer(id: string, signal?: AbortSignal): Promise<number>;

  exec(containerId: string, options: ExecOptions): Promise<ExecResult>;
  /** Like exec, but hands the output over as it comes instead of collecting it; resolves with the exit code. */
  execStream(containerId: string, options: ExecOptions, onOutput: OutputSink): Promise<number>;
  /** Attaches to a container's stdout and stderr; call before startContainer to get all of it. */
  attachOutput(containerId: string, onOutput: OutputSink): Promise<AttachedOutput>;
  execInteractive(containerId: string, options: InteractiveExecOptions): Promise<number>;
  logs(containerId: string, options: LogOptions): AsyncIterable<LogLine>;
  /** A tar stream of the path inside the container. */
  getArchive(containerId: string, path: string): Promise<Readable>;
  /**
   * What is at `path` in the container (created or running), undefined when nothing is. The
   * container's volumes are mounted to look, so a volume that cannot be mounted fails here.
   */
  statPath(containerId: string, path: string): Promise<PathStat | undefined>;
  /** Extracts a tar stream into the directory `path` inside the container. */
  putArchive(containerId: string, path: string, tar: Readable): Promise<void>;
  /** Freezes a running container's processes; already paused is not an error. */
  pauseContainer(id: string): Promise<void>;
  /** Not paused is not an error. */
  unpauseContainer(id: string): Promise<void>;
  /** Files added, changed or deleted in the container's own file system since it was created (not in its volumes). */
  containerChanges(id: string): Promise<FileChange[]>;
  /** The processes running in the container, as `ps` with these arguments shows them (default the engine's, `-ef`). */
  containerProcesses(id: string, psArgs?: string): Promise<ProcessList>;
  /** A new image from the container's file system changes; resolves with the image id. */
  commitContainer(id: string, options: CommitOptions): Promise<string>;

  listNetworks(labels: Labels): Promise<NetworkSummary[]>;
  inspectNetwork(name: string): Promise<NetworkSummary | undefined>;
  createNetwork(spec: NetworkSpec): Promise<string>;
  /** Missing is not an error. By ID: a name may be shared by two networks. */
  removeNetwork(id: string): Promise<void>;
  /** Moves a container (running or not) from one network to another, keeping its aliases and address. */
  moveContainerNetwork(containerId: string, fromNetworkId: string, toNetworkId: string): Promise<void>;

  listVolumes(labels: Labels): Promise<VolumeSummary[]>;
  inspectVolume(name: string): Promise<VolumeSummary | undefined>;
  createVolume(spec: VolumeSpec): Promise<void>;
  /** Missing is not an error. */
  removeVolume(name: string): Promise<void>;

  inspectImage(ref: string): Promise<ImageSummary | undefined>;
  listImages(labels: Labels): Promise<ImageSummary[]>;
  buildImage(spec: BuildSpec, onProgress?: (p: BuildProgress) => void, signal?: AbortSignal): Promise<void>;
  pullImage(ref: string, onProgress?: (p: BuildProgress) => void, auth?: RegistryAuth): Promise<void>;
  /** Pushes a tag of a local image to its registry. */
  pushImage(ref: string, auth?: RegistryAuth, onProgress?: (p: BuildProgress) => void): Promise<void>;
  /** Gives an image (by id or reference) another reference, `repository:tag`. */
  tagImage(source: string, repository: string, tag: string): Promise<void>;
  /** An image made from a tar of files (one layer), with Dockerfile instructions for its configuration. */
  importImage(tar: Readable, repository: string, tag: string, changes?: string[]): Promise<string>;
  /** The images, with their tags, as one tar stream (`docker save`). */
  saveImages(refs: string[]): Promise<Readable>;
  /** Loads a `docker save` tar; resolves with the references (or ids) it loaded. */
  loadImages(tar: Readable): Promise<string[]>;
  /** Missing is not an error. */
  removeImage(ref: string): Promise<void>;
}
