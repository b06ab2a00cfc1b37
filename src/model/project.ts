/**
 * The typed project: what a loaded, merged, validated Compose file means.
 * Everything after config/ reads this and never the raw YAML.
 * Durations are milliseconds, sizes are bytes, paths are absolute.
 */
import type { SourcePosition } from '../common/errors.js';
import type { TestbedBlock, TestbedFileBlock, TestbedServiceBlock } from '../config/schema/testbed.js';
import type { ParsedPort } from '../config/syntax/port.js';
import type { ContainerOptions, LifecycleHooks, NetworkMode, PullPolicy, Ulimit } from './container-options.js';
import type { Job, KubernetesSettings, SecretSource, TestDeclarations } from './x-testbed.js';

export interface Project {
  /** DNS-safe project name (top-level `name`, COMPOSE_PROJECT_NAME, or the directory name). */
  name: string;
  /** Absolute project directory; relative paths in the files resolve against it. */
  directory: string;
  /** Absolute paths of the files merged, in order. */
  files: string[];
  /** Absolute paths of the env files read for interpolation (--env-file, or the project's .env), in order. */
  envFiles: string[];
  /** Profiles that were enabled when the project was loaded. */
  profiles: string[];
  /** Services that are active with the enabled profiles. */
  services: Record<string, Service>;
  /** Services declared but left out by profiles (for `config` and orphan reporting). */
  inactiveServices: string[];
  networks: Record<string, Network>;
  volumes: Record<string, Volume>;
  configs: Record<string, FileObject>;
  secrets: Record<string, FileObject>;
  /** Interpolation variables (environment over `.env`), for templates' `env.*`. */
  variables: Record<string, string>;
  /** `x-testbed.values`: defaults for templates, jobs and tests (a set's overrides apply on top). */
  values: Record<string, unknown>;
  /** Secrets Testbed makes or reads per set: `x-testbed.secrets` and Compose secrets marked generate/derive. */
  secretSources: Record<string, SecretSource>;
  /** `x-testbed.jobs`. */
  jobs: Record<string, Job>;
  /** `x-testbed.tests` and `x-testbed.include_tests`: read and checked by model/testbed-tests.ts when tests are used. */
  tests: TestDeclarations;
  /** `x-testbed.kubernetes`: settings only `testbed k8s` uses. */
  kubernetes: KubernetesSettings;
  /** The top-level `x-testbed` block as written, for `testbed config` to print back; everything else reads the fields above. */
  xTestbed?: TestbedBlock;
  /** Other top-level `x-*` keys, kept as they were. */
  extensions: Record<string, unknown>;
  /** Warnings found while loading (unsupported keys, unknown keys). */
  warnings: ConfigWarning[];
}

export interface ConfigWarning {
  message: string;
  position?: SourcePosition;
  path?: string;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  condition: DependencyCondition;
  /** Compose `required: false`: a missing or inactive dependency is not an error. */
  required: boolean;
  restart: boolean;
}

/**
 * A published port: container `target` (start of a range when targetEnd is set), host port as
 * written (`published`; undefined means the container's own number on the set's address), and
 * the host IP as written (undefined means the set's loopback address). The parser's shape.
 */
export type PortMapping = ParsedPort;

export type VolumeMount =
  | { type: 'volume'; source?: string; target: string; readOnly: boolean; noCopy: boolean }
  | { type: 'bind'; source: string; target: string; readOnly: boolean; createHostPath: boolean; propagation?: string }
  | { type: 'tmpfs'; target: string; sizeBytes?: number; mode?: number };

export interface ServiceNetwork {
  aliases: string[];
  ipv4Address?: string;
  ipv6Address?: string;
  linkLocalIps?: string[];
  driverOpts?: Record<string, string>;
  /** Networks are connected highest priority first. */
  priority?: number;
}

export interface Healthcheck {
  /** Exec form: ['CMD', ...] or ['CMD-SHELL', 'cmd']. A string in the file becomes CMD-SHELL. */
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
  startIntervalMs: number;
}

export interface Build {
  /** Absolute context directory. */
  context: string;
  /** Dockerfile path relative to the context (Compose semantics). */
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
  labels: Record<string, string>;
  /** build.dockerfile_inline: the Dockerfile's text, used instead of a file in the context. */
  dockerfileInline?: string;
  noCache?: boolean;
  cacheFrom?: string[];
  /** Network mode of the build's RUN steps. */
  network?: string;
  pull?: boolean;
  shmSizeBytes?: number;
  /** host:ip */
  extraHosts?: string[];
  /** More tags for the built image. */
  tags?: string[];
  ulimits?: Ulimit[];
}

export interface FileReference {
  /** Name of the top-level config or secret. */
  source: string;
  /** Absolute path inside the container. */
  target: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface ResourceLimits {
  memoryBytes?: number;
  /** Fractional CPUs, e.g. 0.5. */
  cpus?: number;
  pids?: number;
  /**
   * deploy.resources.reservations.cpus: a Kubernetes CPU request. The engine reserves no CPU for
   * a container (a Docker set warns and leaves it out); the memory reservation is the
   * container's own (ContainerOptions.memoryReservationBytes), which the engine does use.
   */
  reservedCpus?: number;
}

export interface Service {
  name: string;
  /** Image to run; for built services, the image name the file gives (if any). */
  image?: string;
  build?: Build;
  /** Undefined means "the image's default"; an empty list is an explicit override. */
  command?: string[];
  entrypoint?: string[];
  /** null: declared without a value and not set in the environment (passed as unset). */
  environment: Record<string, string | null>;
  ports: PortMapping[];
  expose: string[];
  volumes: VolumeMount[];
  /** Networks the service joins; `default` when the file names none. */
  networks: Record<string, ServiceNetwork>;
  dependsOn: Record<string, Dependency>;
  /** Undefined: the image's own healthcheck (if any). `disabled`: healthcheck: disable / NONE. */
  healthcheck?: Healthcheck | 'disabled';
  user?: string;
  init?: boolean;
  workingDir?: string;
  labels: Record<string, string>;
  restart: 'no' | 'always' | 'unless-stopped' | `on-failure` | `on-failure:${number}`;
  profiles: string[];
  capAdd: string[];
  capDrop: string[];
  readOnly: boolean;
  /** tmpfs mounts given with the service-level `tmpfs:` key (target[:options]). */
  tmpfs: string[];
  stopSignal?: string;
  stopGracePeriodMs?: number;
  hostname?: string;
  /** host:ip pairs. */
  extraHosts: string[];
  limits: ResourceLimits;
  replicas: number;
  configs: FileReference[];
  secrets: FileReference[];
  /** Jobs that must have succeeded before the service starts (`x-testbed.after_jobs`). */
  afterJobs: string[];
  /** Environment variable -> name of a set secret (`x-testbed.secret_environment`). */
  secretEnvironment: Record<string, string>;
  /** Runs to completion (`x-testbed.oneshot`): exiting 0 during `up` is success. */
  oneShot: boolean;
  /** Ready once running, without waiting for its ports (`x-testbed.ready: started`). */
  readyOnStart: boolean;
  /** Runs under whatever UID the platform assigns (`x-testbed.arbitrary_uid`); undefined: the project's setting. */
  arbitraryUid?: boolean;
  /** Paths in the image the service writes to besides its volumes, for an arbitrary UID (`x-testbed.writable_paths`). */
  writablePaths: string[];
  /** Kubernetes also restarts the container when its healthcheck fails (`x-testbed.liveness_probe`). */
  livenessProbe: boolean;
  /** The service's `x-testbed` block as written, for `testbed config` only (the fields above are what it means). */
  xTestbed?: TestbedServiceBlock;
  /** Where the service is declared (the last file that mentions it wins). */
  position?: SourcePosition;
  /** Keys that tune the container itself (privileged, devices, sysctls, ulimits, namespaces...). */
  container: ContainerOptions;
  /** network_mode none or service:NAME; undefined: the service joins `networks`. */
  networkMode?: NetworkMode;
  /** post_start and pre_stop commands. */
  hooks: LifecycleHooks;
  /** container_name: the engine name is this with the set's name appended. */
  containerName?: string;
  pullPolicy?: PullPolicy;
}

export interface Network {
  /** Key in the file. */
  name: string;
  internal: boolean;
  /** External networks are used as they are and never created or removed. */
  external: boolean;
  /** Engine name for external networks. */
  externalName?: string;
  driver?: string;
  labels: Record<string, string>;
  enableIpv6: boolean;
  /** `name:` of a network Testbed makes: the engine name is this with the set's name appended. */
  engineName?: string;
  driverOpts?: Record<string, string>;
  attachable?: boolean;
  /** File-given IP address management; each set gets its own subnets (see plan/ipam.ts). */
  ipam?: NetworkIpam;
}

export interface NetworkIpam {
  driver?: string;
  config: { subnet?: string; ipRange?: string; gateway?: string; auxAddresses?: Record<string, string> }[];
  options?: Record<string, string>;
}

export interface Volume {
  name: string;
  external: boolean;
  externalName?: string;
  /** `name:` of a volume Testbed makes: the engine name is this with the set's name appended. */
  engineName?: string;
  driver?: string;
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
}

/** A top-level config or secret: from a file, inline content, or the environment. */
export interface FileObject {
  name: string;
  /** Absolute path on the host. */
  file?: string;
  content?: string;
  environment?: string;
  external: boolean;
  /** `name:` as the file gives it (a Swarm object name; kept for `testbed config`). */
  engineName?: string;
  /** Where inline `content:` is written, for template errors. */
  contentPosition?: SourcePosition;
  /** Content of an `environment:` source, read when the project was loaded. */
  value?: string;
  /** Rendered with Liquid for each set (`.tmpl`/`.liquid` file, or x-testbed template: true). */
  template: boolean;
  /** The entry's `x-testbed` block as written, for `testbed config` only (template and Project.secretSources are what it means). */
  xTestbed?: TestbedFileBlock;
}
