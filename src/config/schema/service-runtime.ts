/**
 * Schemas of the service keys that tune the container itself (HostConfig and Config fields of
 * the Engine API): privileges, devices, kernel settings, namespaces, logging, DNS, CPU and
 * memory knobs, links and shared volumes, lifecycle hooks.
 */
import { z } from 'zod';
import { closed, composeObject } from './marks.js';
import { booleanLike, byteSize, integerLike, mapOrList, stringList, stringOrList } from './primitives.js';

/** A whole number that may be negative (oom_score_adj, memswap_limit -1...), or its string form. */
export const signedInteger = z.union([z.number().int(), z.string().regex(/^-?\d+$/)], {
  error: 'is not a whole number; expected a number like 3 or -1',
});

const NOT_NUMBER = { error: 'is not a number; expected a number like 0.5' };
export const decimal = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/, NOT_NUMBER)], NOT_NUMBER);

/** A byte size, or -1 for "unlimited" (memswap_limit). */
export const sizeOrUnlimited = z.union([z.literal(-1), z.literal('-1'), byteSize], {
  error: 'is not a size; expected a size like 512m, or -1 for unlimited',
});

export const device = z.union(
  [
    z.string(),
    closed(composeObject({ source: z.string(), target: z.string().optional(), permissions: z.string().optional() })),
  ],
  { error: 'is not a device; expected "/dev/host[:/dev/container[:rwm]]" or {source, target, permissions}' },
);

const ulimitValue = z.union([signedInteger, closed(composeObject({ soft: signedInteger, hard: signedInteger }))], {
  error: 'is not a ulimit; expected a number or {soft, hard}',
});

export const ulimits = z.record(z.string(), ulimitValue);

export const logging = composeObject({
  driver: z.string().optional(),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).nullable().optional(),
});

const blkioLimit = composeObject({ path: z.string(), rate: z.union([integerLike, byteSize]) });
const blkioWeight = composeObject({ path: z.string(), weight: integerLike });

export const blkioConfig = composeObject({
  weight: integerLike.optional(),
  weight_device: z.array(blkioWeight).optional(),
  device_read_bps: z.array(blkioLimit).optional(),
  device_read_iops: z.array(blkioLimit).optional(),
  device_write_bps: z.array(blkioLimit).optional(),
  device_write_iops: z.array(blkioLimit).optional(),
});

export const deviceRequest = composeObject({
  capabilities: stringList.optional(),
  count: z.union([integerLike, z.literal('all')]).optional(),
  device_ids: stringList.optional(),
  driver: z.string().optional(),
  options: mapOrList.optional(),
});

export const gpus = z.union([z.literal('all'), z.array(deviceRequest)], { error: 'expected "all" or a list of {driver, count, device_ids, capabilities, options}' });

export const serviceHook = composeObject({
  command: z.union([z.string(), z.array(z.union([z.string(), z.number()]))], { error: 'expected a command string or a list of arguments' }),
  user: z.union([z.string(), z.number().int()]).optional(),
  privileged: booleanLike.optional(),
  working_dir: z.string().optional(),
  environment: mapOrList.optional(),
});

export const extendsReference = z.union(
  [z.string(), closed(composeObject({ service: z.string(), file: z.string().optional() }))],
  { error: 'expected a service name or {service, file}' },
);

/** The container keys of a service, spread into the service schema. */
export const runtimeKeys = {
  privileged: booleanLike.optional(),
  devices: z.array(device).optional(),
  device_cgroup_rules: stringList.optional(),
  sysctls: mapOrList.optional(),
  ulimits: ulimits.optional(),
  shm_size: byteSize.optional(),
  pid: z.string().nullable().optional(),
  ipc: z.string().optional(),
  uts: z.string().optional(),
  userns_mode: z.string().optional(),
  cgroup: z.enum(['host', 'private'], { error: 'is not a cgroup namespace mode; expected host or private' }).optional(),
  cgroup_parent: z.string().optional(),
  stdin_open: booleanLike.optional(),
  tty: booleanLike.optional(),
  logging: logging.optional(),
  platform: z.string().optional(),
  runtime: z.string().optional(),
  security_opt: stringList.optional(),
  group_add: z.array(z.union([z.string(), z.number().int()])).optional(),
  dns: stringOrList.optional(),
  dns_search: stringOrList.optional(),
  dns_opt: stringList.optional(),
  mac_address: z.string().optional(),
  oom_score_adj: signedInteger.optional(),
  oom_kill_disable: booleanLike.optional(),
  storage_opt: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  cpu_shares: integerLike.optional(),
  cpu_period: integerLike.optional(),
  cpu_quota: signedInteger.optional(),
  cpu_rt_period: integerLike.optional(),
  cpu_rt_runtime: integerLike.optional(),
  cpus: decimal.optional(),
  cpuset: z.string().optional(),
  mem_reservation: byteSize.optional(),
  memswap_limit: sizeOrUnlimited.optional(),
  mem_swappiness: integerLike.optional(),
  pids_limit: signedInteger.optional(),
  blkio_config: blkioConfig.optional(),
  gpus: gpus.optional(),
  links: stringList.optional(),
  volumes_from: stringList.optional(),
  network_mode: z.string().optional(),
  post_start: z.array(serviceHook).optional(),
  pre_stop: z.array(serviceHook).optional(),
  label_file: stringOrList.optional(),
  pull_policy: z.string().regex(/^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$/, {
    error: 'is not a pull policy; expected always, never, missing, build, daily, weekly or every_<duration>',
  }).optional(),
  provider: z.unknown().optional().describe('Refused: a provider service is not a container.'),
  extends: extendsReference.optional(),
  container_name: z.string().optional().describe('Used with the set\'s name appended, so that sets never share a container name.'),
};
