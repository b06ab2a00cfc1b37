/**
 * HostSpec (plan/specs.ts) -> the HostConfig and Config fields of POST /containers/create
 * (Engine API 1.41), and IpamSpec -> a network's IPAM. Pure, unit-tested without an engine.
 */
import type { HostSpec, IpamSpec } from '../../plan/specs.js';

export interface HostFields {
  /** Merged into the body's HostConfig. */
  hostConfig: Record<string, unknown>;
  /** Merged into the body itself (Config fields, and the `platform` query parameter). */
  config: Record<string, unknown>;
}

const path = (e: { path: string; rate: number }) => ({ Path: e.path, Rate: e.rate });

export function toHostFields(host: HostSpec | undefined): HostFields {
  if (!host) return { hostConfig: {}, config: {} };
  const hostConfig = defined({
    Privileged: host.privileged,
    Devices: host.devices?.map((d) => ({ PathOnHost: d.pathOnHost, PathInContainer: d.pathInContainer, CgroupPermissions: d.cgroupPermissions })),
    DeviceCgroupRules: host.deviceCgroupRules,
    DeviceRequests: host.deviceRequests?.map((d) => defined({
      Driver: d.driver,
      Count: d.count,
      DeviceIDs: d.deviceIds,
      Capabilities: d.capabilities,
      Options: d.options,
    })),
    Sysctls: host.sysctls,
    Ulimits: host.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
    ShmSize: host.shmSize,
    PidMode: host.pidMode,
    IpcMode: host.ipcMode,
    UTSMode: host.utsMode,
    UsernsMode: host.usernsMode,
    CgroupnsMode: host.cgroupnsMode,
    CgroupParent: host.cgroupParent,
    LogConfig: host.logConfig && { Type: host.logConfig.type, Config: host.logConfig.config },
    Runtime: host.runtime,
    SecurityOpt: host.securityOpt,
    GroupAdd: host.groupAdd,
    Dns: host.dns,
    DnsSearch: host.dnsSearch,
    DnsOptions: host.dnsOptions,
    OomScoreAdj: host.oomScoreAdj,
    OomKillDisable: host.oomKillDisable,
    StorageOpt: host.storageOpt,
    CpuShares: host.cpuShares,
    CpuPeriod: host.cpuPeriod,
    CpuQuota: host.cpuQuota,
    CpuRealtimePeriod: host.cpuRealtimePeriod,
    CpuRealtimeRuntime: host.cpuRealtimeRuntime,
    CpusetCpus: host.cpusetCpus,
    MemoryReservation: host.memoryReservation,
    MemorySwap: host.memorySwap,
    MemorySwappiness: host.memorySwappiness,
    BlkioWeight: host.blkioWeight,
    BlkioWeightDevice: host.blkioWeightDevice?.map((e) => ({ Path: e.path, Weight: e.weight })),
    BlkioDeviceReadBps: host.blkioDeviceReadBps?.map(path),
    BlkioDeviceReadIOps: host.blkioDeviceReadIOps?.map(path),
    BlkioDeviceWriteBps: host.blkioDeviceWriteBps?.map(path),
    BlkioDeviceWriteIOps: host.blkioDeviceWriteIOps?.map(path),
    Links: host.links,
    VolumesFrom: host.volumesFrom,
  });
  const config = defined({
    Tty: host.tty,
    OpenStdin: host.openStdin,
    MacAddress: host.macAddress,
    platform: host.platform,
  });
  return { hostConfig, config };
}

export function toIpam(ipam: IpamSpec): Record<string, unknown> {
  return defined({
    Driver: ipam.driver ?? 'default',
    Config: ipam.config.map((c) => defined({ Subnet: c.subnet, IPRange: c.ipRange, Gateway: c.gateway, AuxiliaryAddresses: c.auxAddresses })),
    Options: ipam.options,
  });
}

function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
