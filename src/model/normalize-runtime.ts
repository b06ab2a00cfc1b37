/**
 * A validated service's container keys -> ContainerOptions (see container-options.ts).
 * Sizes become bytes and every list form one shape; the keys that name another service
 * (pid, ipc, links, volumes_from) are read in normalize-namespaces.ts.
 */
import { asBoolean, asInteger } from '../config/schema/primitives.js';
import type { ComposeService } from '../config/schema/service.js';
import { parseByteSize } from '../config/syntax/byte-size.js';
import type { ContainerOptions, DeviceMapping, DeviceRequest, Ulimit } from './container-options.js';
import { keyValueEntries } from './key-values.js';
import type { NormalizeContext } from './normalize-context.js';
import { namespaceOf, serviceLinks, volumesFrom } from './normalize-namespaces.js';

/** @param seccompProfiles the profiles of security_opt's seccomp files, read by the caller (seccompProfiles()). */
export function normalizeContainerOptions(name: string, raw: ComposeService, ctx: NormalizeContext, seccompProfiles: Record<string, string>): ContainerOptions {
  const at = (...path: (string | number)[]) => ['services', name, ...path];
  const out: ContainerOptions = {
    devices: (raw.devices ?? []).map(deviceMapping),
    deviceCgroupRules: raw.device_cgroup_rules ?? [],
    deviceRequests: [...gpuRequests(raw.gpus), ...(raw.deploy?.resources?.reservations?.devices ?? []).map(deviceRequest)],
    sysctls: Object.fromEntries(keyValueEntries(raw.sysctls).map(([k, v]) => [k, v ?? ''])),
    ulimits: Object.entries(raw.ulimits ?? {}).map(([key, value]) => ulimit(key, value)),
    securityOpt: raw.security_opt ?? [],
    seccompProfiles,
    groupAdd: (raw.group_add ?? []).map(String),
    dns: list(raw.dns),
    dnsSearch: list(raw.dns_search),
    dnsOptions: raw.dns_opt ?? [],
    storageOpt: Object.fromEntries(Object.entries(raw.storage_opt ?? {}).map(([k, v]) => [k, String(v)])),
    links: serviceLinks(raw.links ?? []),
    volumesFrom: volumesFrom(name, raw.volumes_from ?? [], ctx),
  };
  const set = <K extends keyof ContainerOptions>(key: K, value: ContainerOptions[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('privileged', raw.privileged === undefined ? undefined : asBoolean(raw.privileged, false));
  set('shmSizeBytes', bytes(raw.shm_size));
  set('pid', raw.pid === null || raw.pid === undefined ? undefined : namespaceOf(at('pid'), raw.pid, ['host'], ctx));
  set('ipc', raw.ipc === undefined ? undefined : namespaceOf(at('ipc'), raw.ipc, ['private', 'shareable', 'none'], ctx));
  set('uts', raw.uts);
  set('userns', raw.userns_mode);
  set('cgroup', raw.cgroup);
  set('cgroupParent', raw.cgroup_parent);
  set('stdinOpen', raw.stdin_open === undefined ? undefined : asBoolean(raw.stdin_open, false));
  set('tty', raw.tty === undefined ? undefined : asBoolean(raw.tty, false));
  if (raw.logging) {
    const options = Object.fromEntries(Object.entries(raw.logging.options ?? {}).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v)]));
    out.logging = raw.logging.driver === undefined ? { options } : { driver: raw.logging.driver, options };
  }
  set('platform', raw.platform);
  set('runtime', raw.runtime);
  set('macAddress', raw.mac_address);
  set('oomScoreAdj', raw.oom_score_adj === undefined ? undefined : Number(raw.oom_score_adj));
  if (out.oomScoreAdj !== undefined && (out.oomScoreAdj < -1000 || out.oomScoreAdj > 1000)) {
    ctx.diagnostics.error(at('oom_score_adj'), 'is out of range; expected -1000 to 1000');
  }
  set('oomKillDisable', raw.oom_kill_disable === undefined ? undefined : asBoolean(raw.oom_kill_disable, false));
  set('cpuShares', asInteger(raw.cpu_shares));
  set('cpuPeriod', asInteger(raw.cpu_period));
  set('cpuQuota', raw.cpu_quota === undefined ? undefined : Number(raw.cpu_quota));
  set('cpuRealtimePeriod', asInteger(raw.cpu_rt_period));
  set('cpuRealtimeRuntime', asInteger(raw.cpu_rt_runtime));
  set('cpuset', raw.cpuset);
  set('memoryReservationBytes', bytes(raw.deploy?.resources?.reservations?.memory ?? raw.mem_reservation));
  set('memorySwapBytes', raw.memswap_limit === undefined ? undefined : raw.memswap_limit === -1 || raw.memswap_limit === '-1' ? -1 : bytes(raw.memswap_limit));
  set('memorySwappiness', asInteger(raw.mem_swappiness));
  if (out.memorySwappiness !== undefined && out.memorySwappiness > 100) ctx.diagnostics.error(at('mem_swappiness'), 'is out of range; expected 0 to 100');
  if (raw.blkio_config) {
    const b = raw.blkio_config;
    const rates = (l: typeof b.device_read_bps) => (l ?? []).map((e) => ({ path: e.path, rate: bytes(e.rate) ?? 0 }));
    out.blkio = {
      weightDevice: (b.weight_device ?? []).map((e) => ({ path: e.path, weight: Number(e.weight) })),
      deviceReadBps: rates(b.device_read_bps),
      deviceReadIops: rates(b.device_read_iops),
      deviceWriteBps: rates(b.device_write_bps),
      deviceWriteIops: rates(b.device_write_iops),
    };
    if (b.weight !== undefined) out.blkio.weight = Number(b.weight);
  }
  return out;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

function bytes(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const result = parseByteSize(value);
  return result.ok ? result.value : undefined;
}

/** `/dev/sda`, `/dev/sda:/dev/xvda`, `/dev/sda:/dev/xvda:rwm`, or {source, target, permissions}. */
function deviceMapping(entry: NonNullable<ComposeService['devices']>[number]): DeviceMapping {
  if (typeof entry !== 'string') {
    return { host: entry.source, container: entry.target ?? entry.source, permissions: entry.permissions ?? 'rwm' };
  }
  const [host = '', container, permissions] = entry.split(':');
  if (container !== undefined && permissions === undefined && /^[rwm]+$/.test(container)) return { host, container: host, permissions: container };
  return { host, container: container ?? host, permissions: permissions ?? 'rwm' };
}

export function ulimit(name: string, value: number | string | { soft: number | string; hard: number | string }): Ulimit {
  if (typeof value === 'object') return { name, soft: Number(value.soft), hard: Number(value.hard) };
  return { name, soft: Number(value), hard: Number(value) };
}

type RawDeviceRequest = { capabilities?: string[] | undefined; count?: string | number | undefined; device_ids?: string[] | undefined; driver?: string | undefined; options?: Record<string, string | number | boolean | null> | string[] | undefined };

function deviceRequest(raw: RawDeviceRequest): DeviceRequest {
  const out: DeviceRequest = {
    capabilities: raw.capabilities ?? [],
    options: Object.fromEntries(keyValueEntries(raw.options).map(([k, v]) => [k, v ?? ''])),
  };
  if (raw.driver !== undefined) out.driver = raw.driver;
  if (raw.count !== undefined) out.count = raw.count === 'all' ? -1 : Number(raw.count);
  if (raw.device_ids !== undefined) out.deviceIds = raw.device_ids;
  return out;
}

/** `gpus: all`, or a list of requests; each is a device request with the gpu capability. */
function gpuRequests(value: ComposeService['gpus']): DeviceRequest[] {
  if (value === undefined) return [];
  if (value === 'all') return [{ count: -1, capabilities: ['gpu'], options: {} }];
  return value.map((raw) => {
    const request = deviceRequest(raw);
    if (!request.capabilities.includes('gpu')) request.capabilities = ['gpu', ...request.capabilities];
    if (request.count === undefined && request.deviceIds === undefined) request.count = -1;
    return request;
  });
}
