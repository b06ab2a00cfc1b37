/**
 * What the plan asks the engine to make: containers, networks, volumes and image builds,
 * described in Testbed's own types (never dockerode's), so another engine fits behind the interface.
 */
import type { NetworkIpam } from '../model/project.js';

export type Labels = Record<string, string>;

export interface PortBinding {
  /** "80/tcp" */
  containerPort: string;
  hostIp: string;
  /** "" asks the engine for a free port. */
  hostPort: string;
}

export type MountSpec =
  | { type: 'volume'; source: string; target: string; readOnly: boolean; noCopy: boolean }
  | {
      type: 'bind';
      source: string;
      target: string;
      readOnly: boolean;
      /** Compose's create_host_path (true for the short syntax): make a missing host directory instead of failing. */
      createHostPath?: boolean;
      propagation?: string;
    }
  | { type: 'tmpfs'; target: string; sizeBytes?: number; mode?: number };

export interface NetworkAttachment {
  /** Engine name of the network. */
  network: string;
  aliases: string[];
  ipv4Address?: string;
  ipv6Address?: string;
  linkLocalIps?: string[];
  driverOpts?: Record<string, string>;
}

export interface HealthcheckSpec {
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  labels: Labels;
  command?: string[];
  entrypoint?: string[];
  /** KEY=VALUE */
  env: string[];
  user?: string;
  workingDir?: string;
  hostname?: string;
  domainname?: string;
  /** "80/tcp", every port exposed or published. */
  exposedPorts: string[];
  portBindings: PortBinding[];
  mounts: MountSpec[];
  /** The first attachment is made at create time, the others before start. */
  networks: NetworkAttachment[];
  healthcheck?: HealthcheckSpec | 'disabled';
  init?: boolean;
  restart: { name: 'no' | 'always' | 'unless-stopped' | 'on-failure'; maxRetries?: number };
  capAdd: string[];
  capDrop: string[];
  readOnly: boolean;
  /** target -> options */
  tmpfs: Record<string, string>;
  stopSignal?: string;
  stopTimeoutSeconds?: number;
  /** host:ip */
  extraHosts: string[];
  memoryBytes?: number;
  nanoCpus?: number;
  pidsLimit?: number;
  /** "none", or "container:<engine name>" (network_mode service:NAME); then `networks` is empty. */
  networkMode?: string;
  host?: HostSpec;
}

export interface NetworkSpec {
  name: string;
  internal: boolean;
  driver?: string;
  enableIpv6: boolean;
  labels: Labels;
  options?: Record<string, string>;
  attachable?: boolean;
  ipam?: IpamSpec;
}

/** A network's IP address management: the model's, with the subnets this set was given (plan/ipam.ts). */
export type IpamSpec = NetworkIpam;

export interface VolumeSpec {
  name: string;
  driver?: string;
  driverOpts: Record<string, string>;
  labels: Labels;
}

export interface BuildSpec {
  /** Image tag to produce, e.g. testbed/shop-web:3f2a9c1e04b7 */
  tag: string;
  /** Absolute context directory. */
  context: string;
  /** Dockerfile path relative to the context. */
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
  labels: Labels;
  noCache: boolean;
  /** Dockerfile text to build from instead of the context's file (build.dockerfile_inline). */
  dockerfileInline?: string;
  cacheFrom?: string[];
  network?: string;
  pull?: boolean;
  shmSize?: number;
  extraHosts?: string[];
  /** More tags for the built image. */
  tags?: string[];
  ulimits?: { name: string; soft: number; hard: number }[];
  platform?: string;
}

/**
 * The container settings beyond the common ones (privileges, devices, kernel settings,
 * namespaces, logging, DNS, CPU and memory knobs): present only when the file sets some,
 * so that containers made before these existed keep their config hash.
 */
export interface HostSpec {
  privileged?: boolean;
  devices?: { pathOnHost: string; pathInContainer: string; cgroupPermissions: string }[];
  deviceCgroupRules?: string[];
  deviceRequests?: { driver?: string; count?: number; deviceIds?: string[]; capabilities: string[][]; options: Record<string, string> }[];
  sysctls?: Record<string, string>;
  ulimits?: { name: string; soft: number; hard: number }[];
  shmSize?: number;
  /** "host", or "container:<engine name>" for service:NAME. */
  pidMode?: string;
  ipcMode?: string;
  utsMode?: string;
  usernsMode?: string;
  cgroupnsMode?: string;
  cgroupParent?: string;
  logConfig?: { type: string; config: Record<string, string> };
  runtime?: string;
  securityOpt?: string[];
  groupAdd?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  oomScoreAdj?: number;
  oomKillDisable?: boolean;
  storageOpt?: Record<string, string>;
  cpuShares?: number;
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuRealtimePeriod?: number;
  cpuRealtimeRuntime?: number;
  cpusetCpus?: string;
  memoryReservation?: number;
  memorySwap?: number;
  memorySwappiness?: number;
  blkioWeight?: number;
  blkioWeightDevice?: { path: string; weight: number }[];
  blkioDeviceReadBps?: { path: string; rate: number }[];
  blkioDeviceReadIOps?: { path: string; rate: number }[];
  blkioDeviceWriteBps?: { path: string; rate: number }[];
  blkioDeviceWriteIOps?: { path: string; rate: number }[];
  /** "<engine name>:<alias>" */
  links?: string[];
  /** "<engine name>[:ro]" */
  volumesFrom?: string[];
  tty?: boolean;
  openStdin?: boolean;
  macAddress?: string;
  /** os/arch[/variant], asked of the engine at create time. */
  platform?: string;
}
