/**
 * The schema of one service. Every key Compose defines is listed: the ones Testbed
 * supports are validated, the others are `unsupported()` and only warned about.
 */
import { z } from 'zod';
import { composeObject, unsupportedKeys } from './marks.js';
import { booleanLike, byteSize, duration, mapOrList, stringList, stringOrList } from './primitives.js';
import {
  build,
  command,
  deploy,
  dependsOn,
  envFile,
  exposeEntry,
  extraHosts,
  fileReference,
  healthcheck,
  portEntry,
  replicaCount,
  restartPolicy,
  serviceNetworks,
  volumeEntry,
} from './service-fields.js';
import { testbedService } from './testbed.js';

/** Compose service keys that Testbed does not act on yet (from the Compose Specification's schema). */
export const UNSUPPORTED_SERVICE_KEYS = [
  'annotations', 'attach', 'blkio_config', 'cgroup', 'cgroup_parent', 'cpu_count', 'cpu_percent', 'cpu_shares',
  'cpu_quota', 'cpu_period', 'cpu_rt_period', 'cpu_rt_runtime', 'cpus', 'cpuset', 'credential_spec', 'develop',
  'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search', 'domainname', 'extends', 'external_links',
  'gpus', 'group_add', 'ipc', 'isolation', 'label_file', 'links', 'logging', 'mac_address', 'mem_reservation',
  'mem_swappiness', 'memswap_limit', 'models', 'network_mode', 'oom_kill_disable', 'oom_score_adj', 'pid',
  'pids_limit', 'platform', 'post_start', 'pre_stop', 'privileged', 'provider', 'pull_policy', 'pull_refresh_after',
  'runtime', 'security_opt', 'shm_size', 'stdin_open', 'storage_opt', 'sysctls', 'tty', 'ulimits',
  'use_api_socket', 'userns_mode', 'uts', 'volumes_from',
] as const;

export const serviceSchema = composeObject(
  {
    image: z.string().optional().describe('Image to run (and the tag given to a built image).'),
    build: build.optional(),
    command: command.optional().describe('Overrides the image\'s CMD; a string is split like a shell would.'),
    entrypoint: command.optional().describe('Overrides the image\'s ENTRYPOINT.'),
    environment: mapOrList.optional(),
    env_file: envFile.optional(),
    ports: z.array(portEntry).optional(),
    expose: z.array(exposeEntry).optional(),
    volumes: z.array(volumeEntry).optional(),
    networks: serviceNetworks.optional(),
    depends_on: dependsOn.optional(),
    healthcheck: healthcheck.optional(),
    user: z.union([z.string(), z.number().int()], { error: 'is not a user; expected a name or uid[:gid]' }).optional(),
    init: booleanLike.optional(),
    working_dir: z.string().optional(),
    labels: mapOrList.optional(),
    restart: restartPolicy.optional(),
    profiles: stringList.optional().describe('The service starts only when one of these profiles is enabled.'),
    cap_add: stringList.optional(),
    cap_drop: stringList.optional(),
    read_only: booleanLike.optional(),
    tmpfs: stringOrList.optional(),
    stop_signal: z.string().optional(),
    stop_grace_period: duration.optional(),
    hostname: z.string().optional(),
    extra_hosts: extraHosts.optional(),
    mem_limit: byteSize.optional(),
    deploy: deploy.nullable().optional(),
    scale: replicaCount.optional(),
    configs: z.array(fileReference).optional(),
    secrets: z.array(fileReference).optional(),
    container_name: z.string().optional().describe('Ignored by Testbed: container names are made per set.'),
    'x-testbed': testbedService.optional(),
    ...unsupportedKeys(...UNSUPPORTED_SERVICE_KEYS),
  },
  'A service: one container (or several replicas) of the set.',
);

export type ComposeService = z.infer<typeof serviceSchema>;
