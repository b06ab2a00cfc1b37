/**
 * The model of the service keys that tune the container itself (privileges, devices, kernel
 * settings, namespaces, logging, DNS, CPU and memory knobs...), normalised: sizes in bytes,
 * lists always lists. A field left undefined means the engine's default.
 */

/** `service:NAME` in network_mode, pid and ipc: the namespace of that service's container in the same set. */
export interface ServiceNamespace {
  service: string;
}

export interface DeviceMapping {
  host: string;
  container: string;
  permissions: string;
}

export interface DeviceRequest {
  driver?: string;
  /** -1: all. */
  count?: number;
  deviceIds?: string[];
  capabilities: string[];
  options: Record<string, string>;
}

export interface Ulimit {
  name: string;
  soft: number;
  hard: number;
}

export interface BlkioOptions {
  weight?: number;
  weightDevice: { path: string; weight: number }[];
  deviceReadBps: { path: string; rate: number }[];
  deviceReadIops: { path: string; rate: number }[];
  deviceWriteBps: { path: string; rate: number }[];
  deviceWriteIops: { path: string; rate: number }[];
}

export interface ContainerOptions {
  privileged?: boolean;
  devices: DeviceMapping[];
  deviceCgroupRules: string[];
  /** gpus and deploy.resources.reservations.devices. */
  deviceRequests: DeviceRequest[];
  sysctls: Record<string, string>;
  ulimits: Ulimit[];
  shmSizeBytes?: number;
  pid?: string | ServiceNamespace;
  ipc?: string | ServiceNamespace;
  uts?: string;
  userns?: string;
  cgroup?: 'host' | 'private';
  cgroupParent?: string;
  stdinOpen?: boolean;
  tty?: boolean;
  logging?: { driver?: string; options: Record<string, string> };
  platform?: string;
  runtime?: string;
  /** As written: `seccomp=<file>` keeps the file's path (see seccompProfiles). */
  securityOpt: string[];
  /**
   * security_opt `seccomp=<file>` -> the profile itself (compact JSON), read when the file is
   * loaded, as Docker's CLI and Compose do: the engine takes a profile, not a path on the client.
   */
  seccompProfiles: Record<string, string>;
  groupAdd: string[];
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  macAddress?: string;
  oomScoreAdj?: number;
  oomKillDisable?: boolean;
  storageOpt: Record<string, string>;
  cpuShares?: number;
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuRealtimePeriod?: number;
  cpuRealtimeRuntime?: number;
  cpuset?: string;
  memoryReservationBytes?: number;
  /** -1: unlimited swap. */
  memorySwapBytes?: number;
  memorySwappiness?: number;
  blkio?: BlkioOptions;
  /** `links: [db:database]`: another service of the set, reachable under an alias. */
  links: { service: string; alias: string }[];
  /** `volumes_from: [service[:ro]]`: the volumes of another service's container in the set. */
  volumesFrom: { service: string; readOnly: boolean }[];
}

/** A post_start / pre_stop command, run in the service's container. */
export interface LifecycleHook {
  command: string[];
  user?: string;
  privileged: boolean;
  workingDir?: string;
  environment: Record<string, string | null>;
}

export interface LifecycleHooks {
  postStart: LifecycleHook[];
  preStop: LifecycleHook[];
}

/** `network_mode`: no network at all, or the network of another service's container in the set. */
export type NetworkMode = 'none' | ServiceNamespace;

export type PullPolicy = 'missing' | 'never' | 'build' | 'always';

/** A service that sets none of the container keys. */
export function noContainerOptions(): ContainerOptions {
  return {
    devices: [], deviceCgroupRules: [], deviceRequests: [], sysctls: {}, ulimits: [], securityOpt: [], seccompProfiles: {}, groupAdd: [],
    dns: [], dnsSearch: [], dnsOptions: [], storageOpt: {}, links: [], volumesFrom: [],
  };
}

/** `seccomp=<file>` or `seccomp:<file>` in security_opt: the file (not `unconfined` or `builtin`). */
export function seccompFile(option: string): string | undefined {
  const m = /^seccomp[=:](.+)$/.exec(option);
  return m && m[1] !== 'unconfined' && m[1] !== 'builtin' ? m[1] : undefined;
}
