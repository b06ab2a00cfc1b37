/**
 * What the plan asks the engine to make: containers, networks, volumes and image builds,
 * described in Testbed's own types (never dockerode's), so another engine fits behind the interface.
 */

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
    }
  | { type: 'tmpfs'; target: string; sizeBytes?: number; mode?: number };

export interface NetworkAttachment {
  /** Engine name of the network. */
  network: string;
  aliases: string[];
  ipv4Address?: string;
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
}

export interface NetworkSpec {
  name: string;
  internal: boolean;
  driver?: string;
  enableIpv6: boolean;
  labels: Labels;
  /**
   * The network's address ranges: the file's `ipam` as written, or one picked from Testbed's
   * address pool when the network is made (see lifecycle/network-subnets.ts). None: the
   * engine chooses from its own default pools.
   */
  ipam?: { driver?: string; config: SubnetSpec[] };
}

export interface SubnetSpec {
  /** CIDR, e.g. 10.199.3.0/24 */
  subnet?: string;
  ipRange?: string;
  gateway?: string;
}

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
}
