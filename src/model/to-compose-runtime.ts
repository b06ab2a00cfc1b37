/**
 * The container keys of a service (see container-options.ts) as `testbed config` prints
 * them: Compose's key names and long forms, left out when unset, so the output loads back
 * to the same model.
 */
import { compact, nonEmpty } from './compact.js';
import { formatByteSize } from '../config/syntax/byte-size.js';
import type { ContainerOptions, DeviceRequest, LifecycleHook, ServiceNamespace } from './container-options.js';
import type { Build, Service } from './project.js';

export function composeRuntime(service: Service): Record<string, unknown> {
  const c = service.container;
  const size = (n: number | undefined) => (n === undefined ? undefined : n === -1 ? -1 : formatByteSize(n));
  const namespace = (v: string | ServiceNamespace | undefined) => (v === undefined ? undefined : typeof v === 'string' ? v : `service:${v.service}`);
  return {
    blkio_config: c.blkio && compact({
      weight: c.blkio.weight,
      weight_device: nonEmpty(c.blkio.weightDevice),
      device_read_bps: nonEmpty(c.blkio.deviceReadBps),
      device_read_iops: nonEmpty(c.blkio.deviceReadIops),
      device_write_bps: nonEmpty(c.blkio.deviceWriteBps),
      device_write_iops: nonEmpty(c.blkio.deviceWriteIops),
    }),
    cgroup: c.cgroup,
    cgroup_parent: c.cgroupParent,
    container_name: service.containerName,
    cpu_period: c.cpuPeriod,
    cpu_quota: c.cpuQuota,
    cpu_rt_period: c.cpuRealtimePeriod,
    cpu_rt_runtime: c.cpuRealtimeRuntime,
    cpu_shares: c.cpuShares,
    cpuset: c.cpuset,
    device_cgroup_rules: nonEmpty(c.deviceCgroupRules),
    devices: nonEmpty(c.devices.map((d) => ({ source: d.host, target: d.container, permissions: d.permissions }))),
    dns: nonEmpty(c.dns),
    dns_opt: nonEmpty(c.dnsOptions),
    dns_search: nonEmpty(c.dnsSearch),
    group_add: nonEmpty(c.groupAdd),
    ipc: namespace(c.ipc),
    links: nonEmpty(c.links.map((l) => (l.alias === l.service ? l.service : `${l.service}:${l.alias}`))),
    logging: c.logging && compact({ driver: c.logging.driver, options: nonEmpty(c.logging.options) }),
    mac_address: c.macAddress,
    mem_reservation: size(c.memoryReservationBytes),
    mem_swappiness: c.memorySwappiness,
    memswap_limit: size(c.memorySwapBytes),
    network_mode: service.networkMode === undefined ? undefined : namespace(service.networkMode),
    oom_kill_disable: c.oomKillDisable,
    oom_score_adj: c.oomScoreAdj,
    pid: namespace(c.pid),
    platform: c.platform,
    post_start: nonEmpty(service.hooks.postStart.map(hook)),
    pre_stop: nonEmpty(service.hooks.preStop.map(hook)),
    privileged: c.privileged,
    pull_policy: service.pullPolicy,
    runtime: c.runtime,
    security_opt: nonEmpty(c.securityOpt),
    shm_size: size(c.shmSizeBytes),
    stdin_open: c.stdinOpen,
    storage_opt: nonEmpty(c.storageOpt),
    sysctls: nonEmpty(c.sysctls),
    tty: c.tty,
    ulimits: nonEmpty(Object.fromEntries(c.ulimits.map((u) => [u.name, u.soft === u.hard ? u.soft : { soft: u.soft, hard: u.hard }]))),
    userns_mode: c.userns,
    uts: c.uts,
    volumes_from: nonEmpty(c.volumesFrom.map((v) => `${v.service}${v.readOnly ? ':ro' : ''}`)),
  };
}

/** Device requests print as deploy.resources.reservations.devices (gpus: is one way of writing them). */
export function composeDeviceRequests(c: ContainerOptions): Record<string, unknown>[] | undefined {
  return nonEmpty(c.deviceRequests.map((d: DeviceRequest) => compact({
    capabilities: d.capabilities,
    count: d.count === -1 ? 'all' : d.count,
    device_ids: d.deviceIds,
    driver: d.driver,
    options: nonEmpty(d.options),
  })));
}

/** The build options beyond context, dockerfile, args, target and labels. */
export function composeBuildOptions(build: Build): Record<string, unknown> {
  return {
    dockerfile_inline: build.dockerfileInline,
    no_cache: build.noCache,
    cache_from: build.cacheFrom,
    network: build.network,
    pull: build.pull,
    shm_size: build.shmSizeBytes === undefined ? undefined : formatByteSize(build.shmSizeBytes),
    extra_hosts: build.extraHosts,
    tags: build.tags,
    ulimits: build.ulimits && Object.fromEntries(build.ulimits.map((u) => [u.name, u.soft === u.hard ? u.soft : { soft: u.soft, hard: u.hard }])),
  };
}

function hook(h: LifecycleHook): Record<string, unknown> {
  return compact({
    command: h.command,
    user: h.user,
    privileged: h.privileged || undefined,
    working_dir: h.workingDir,
    environment: nonEmpty(h.environment),
  });
}
