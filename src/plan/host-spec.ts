/**
 * A service's container keys (model/container-options.ts) -> the HostSpec the engine is
 * asked for, with `service:NAME` turned into the engine name of that service's container in
 * the same set: replica n joins replica n of the other service when it has one, else its first.
 */
import { seccompFile, type ServiceNamespace } from '../model/container-options.js';
import type { Project, Service } from '../model/project.js';
import { serviceContainerName } from './names.js';
import type { HostSpec } from './specs.js';

/** The engine name of the container that replica `replica` shares with. */
function sharedContainer(project: Project, set: string, other: string, replica: number): string {
  const count = project.services[other]?.replicas ?? 1;
  return serviceContainerName(project, set, other, replica <= count ? replica : 1);
}

function mode(project: Project, set: string, value: string | ServiceNamespace | undefined, replica: number): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : `container:${sharedContainer(project, set, value.service, replica)}`;
}

/** The engine lets a container join another's IPC namespace only when that one is shareable: made so when some service joins it. */
function ipcDonor(project: Project, name: string): boolean {
  return Object.values(project.services).some((s) => typeof s.container.ipc === 'object' && s.container.ipc.service === name);
}

/** "none", "container:<name>", or undefined when the service joins its networks. */
export function networkModeSpec(project: Project, set: string, service: Service, replica: number): string | undefined {
  return service.networkMode === undefined ? undefined : mode(project, set, service.networkMode, replica);
}

/** Undefined when the service sets none of these keys (so existing containers keep their config hash). */
export function hostSpec(project: Project, set: string, service: Service, replica: number): HostSpec | undefined {
  const c = service.container;
  const list = <T>(items: T[]) => (items.length > 0 ? items : undefined);
  const record = <T>(items: Record<string, T>) => (Object.keys(items).length > 0 ? items : undefined);
  const spec: HostSpec = {
    privileged: c.privileged,
    devices: list(c.devices.map((d) => ({ pathOnHost: d.host, pathInContainer: d.container, cgroupPermissions: d.permissions }))),
    deviceCgroupRules: list(c.deviceCgroupRules),
    deviceRequests: list(c.deviceRequests.map((d) => ({
      ...(d.driver !== undefined ? { driver: d.driver } : {}),
      ...(d.count !== undefined ? { count: d.count } : {}),
      ...(d.deviceIds !== undefined ? { deviceIds: d.deviceIds } : {}),
      capabilities: [d.capabilities],
      options: d.options,
    }))),
    sysctls: record(c.sysctls),
    ulimits: list(c.ulimits),
    shmSize: c.shmSizeBytes,
    pidMode: mode(project, set, c.pid, replica),
    ipcMode: mode(project, set, c.ipc, replica) ?? (ipcDonor(project, service.name) ? 'shareable' : undefined),
    utsMode: c.uts,
    usernsMode: c.userns,
    cgroupnsMode: c.cgroup,
    cgroupParent: c.cgroupParent,
    logConfig: c.logging && { type: c.logging.driver ?? 'json-file', config: c.logging.options },
    runtime: c.runtime,
    securityOpt: list(c.securityOpt.map((option) => engineSecurityOpt(option, c.seccompProfiles))),
    groupAdd: list(c.groupAdd),
    dns: list(c.dns),
    dnsSearch: list(c.dnsSearch),
    dnsOptions: list(c.dnsOptions),
    oomScoreAdj: c.oomScoreAdj,
    oomKillDisable: c.oomKillDisable,
    storageOpt: record(c.storageOpt),
    cpuShares: c.cpuShares,
    cpuPeriod: c.cpuPeriod,
    cpuQuota: c.cpuQuota,
    cpuRealtimePeriod: c.cpuRealtimePeriod,
    cpuRealtimeRuntime: c.cpuRealtimeRuntime,
    cpusetCpus: c.cpuset,
    memoryReservation: c.memoryReservationBytes,
    memorySwap: c.memorySwapBytes,
    memorySwappiness: c.memorySwappiness,
    blkioWeight: c.blkio?.weight,
    blkioWeightDevice: c.blkio && list(c.blkio.weightDevice),
    blkioDeviceReadBps: c.blkio && list(c.blkio.deviceReadBps),
    blkioDeviceReadIOps: c.blkio && list(c.blkio.deviceReadIops),
    blkioDeviceWriteBps: c.blkio && list(c.blkio.deviceWriteBps),
    blkioDeviceWriteIOps: c.blkio && list(c.blkio.deviceWriteIops),
    links: list(c.links.map((l) => `${sharedContainer(project, set, l.service, replica)}:${l.alias}`)),
    volumesFrom: list(c.volumesFrom.map((v) => `${sharedContainer(project, set, v.service, replica)}${v.readOnly ? ':ro' : ''}`)),
    tty: c.tty,
    openStdin: c.stdinOpen,
    macAddress: c.macAddress,
    platform: c.platform,
  };
  const set_ = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as HostSpec;
  return Object.keys(set_).length > 0 ? set_ : undefined;
}

/** A seccomp profile file given as its content, as Docker's CLI sends it (the engine reads no client paths). */
function engineSecurityOpt(option: string, profiles: Record<string, string>): string {
  const file = seccompFile(option);
  const profile = file === undefined ? undefined : profiles[file];
  return profile === undefined ? option : `seccomp=${profile}`;
}
