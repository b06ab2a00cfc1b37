/**
 * The container keys Testbed acts on for Docker sets (issue 14) that the Kubernetes render
 * does not carry over, each reported with why, so a key that works on Docker is never
 * dropped in silence on a cluster. Rendered, and so not listed: `privileged`, `security_opt`
 * (security-context.ts, security-opt.ts), `group_add` (supplementalGroups), `shm_size`
 * (volumes.ts), `stdin_open`, `tty`, `post_start` and `pre_stop` (container.ts, lifecycle-hooks.ts);
 * what those cannot carry is reported where they are rendered.
 */
import type { ContainerOptions } from '../model/container-options.js';
import type { Network, Service } from '../model/project.js';
import type { RenderWarnings } from './render-warnings.js';

const NODE = 'is a setting of the node or the container runtime in Kubernetes, not of a pod: it is left out';

/** Compose key -> whether the service sets it, and why it is left out. */
const CONTAINER_KEYS: { key: string; set: (c: ContainerOptions) => boolean; why: string }[] = [
  { key: 'sysctls', set: (c) => Object.keys(c.sysctls).length > 0, why: 'needs the pod securityContext.sysctls, which clusters allow only for a safe list: it is left out' },
  { key: 'ulimits', set: (c) => c.ulimits.length > 0, why: NODE },
  { key: 'devices', set: (c) => c.devices.length > 0, why: 'needs a device plugin in Kubernetes: it is left out' },
  { key: 'device_cgroup_rules', set: (c) => c.deviceCgroupRules.length > 0, why: NODE },
  {
    key: 'deploy.resources.reservations.devices',
    set: (c) => c.deviceRequests.length > 0,
    why: 'needs a device plugin resource (e.g. nvidia.com/gpu in resources.limits): it is left out, and so is gpus',
  },
  { key: 'pid', set: (c) => c.pid !== undefined, why: 'Kubernetes shares a process namespace only between containers of one pod: it is left out' },
  { key: 'ipc', set: (c) => c.ipc !== undefined, why: 'Kubernetes shares IPC only between containers of one pod: it is left out' },
  { key: 'uts', set: (c) => c.uts !== undefined, why: NODE },
  { key: 'userns_mode', set: (c) => c.userns !== undefined, why: NODE },
  { key: 'cgroup', set: (c) => c.cgroup !== undefined, why: NODE },
  { key: 'cgroup_parent', set: (c) => c.cgroupParent !== undefined, why: NODE },
  { key: 'logging', set: (c) => c.logging !== undefined, why: 'the cluster collects container output its own way: it is left out' },
  { key: 'platform', set: (c) => c.platform !== undefined, why: 'is chosen by the node (use a nodeSelector on kubernetes.io/arch): it is left out' },
  { key: 'runtime', set: (c) => c.runtime !== undefined, why: 'is a RuntimeClass in Kubernetes: it is left out' },
  { key: 'dns', set: (c) => c.dns.length > 0 || c.dnsSearch.length > 0 || c.dnsOptions.length > 0, why: 'the cluster DNS answers for services: dns, dns_search and dns_opt are left out' },
  { key: 'mac_address', set: (c) => c.macAddress !== undefined, why: 'pods get their interfaces from the cluster: it is left out' },
  {
    key: 'oom_score_adj',
    set: (c) => c.oomScoreAdj !== undefined || c.oomKillDisable !== undefined,
    why: 'is a setting of the node or the container runtime in Kubernetes, not of a pod: oom_score_adj and oom_kill_disable are left out',
  },
  { key: 'storage_opt', set: (c) => Object.keys(c.storageOpt).length > 0, why: NODE },
  {
    key: 'cpu_shares',
    set: (c) => [c.cpuShares, c.cpuPeriod, c.cpuQuota, c.cpuRealtimePeriod, c.cpuRealtimeRuntime, c.cpuset].some((v) => v !== undefined),
    why: 'Kubernetes knows CPU limits and requests only (deploy.resources): cpu_shares, cpu_period, cpu_quota, cpu_rt_period, cpu_rt_runtime and cpuset are left out',
  },
  {
    key: 'memswap_limit',
    set: (c) => [c.memorySwapBytes, c.memorySwappiness].some((v) => v !== undefined),
    why: 'Kubernetes knows memory limits and requests only (deploy.resources.limits and reservations, mem_reservation): memswap_limit and mem_swappiness are left out',
  },
  { key: 'blkio_config', set: (c) => c.blkio !== undefined, why: NODE },
  { key: 'links', set: (c) => c.links.length > 0, why: 'other services are reached by their Service name; a link alias is left out' },
  { key: 'volumes_from', set: (c) => c.volumesFrom.length > 0, why: 'pods do not share volumes with other pods\' containers: it is left out (mount the named volume instead)' },
];

export function reportContainerKeys(service: Service, warnings: RenderWarnings): void {
  const at = (key: string) => `services.${service.name}.${key}`;
  for (const { key, set, why } of CONTAINER_KEYS) if (set(service.container)) warnings.add(at(key), why);
  if (service.networkMode !== undefined) {
    warnings.add(at('network_mode'), 'each pod has its own network in the cluster; to share one, the containers would have to be one pod: it is left out');
  }
  if (service.containerName !== undefined) warnings.add(at('container_name'), 'pods are named by their workload: it is left out');
}

export function reportNetworkKeys(network: Network, warnings: RenderWarnings): void {
  if (network.external) return;
  if (network.ipam) warnings.add(`networks.${network.name}.ipam`, 'pods get their addresses from the cluster: it is left out');
  if (network.driverOpts && Object.keys(network.driverOpts).length > 0) warnings.add(`networks.${network.name}.driver_opts`, 'the cluster has one pod network: it is left out');
}
