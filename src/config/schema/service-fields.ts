/**
 * Schemas of the structured service keys: ports, volumes, networks, depends_on,
 * healthcheck, build, deploy, env_file, extra_hosts, configs/secrets.
 */
import { z } from 'zod';
import { isIpAddress, parsePortRange, parsePortSpec, PORT_EXPECTED } from '../syntax/port.js';
import { parsed, rejected } from '../../common/parsed.js';
import { parseVolumeSpec, VOLUME_EXPECTED } from '../syntax/volume.js';
import { closed, composeObject, unsupported, unsupportedKeys } from './marks.js';
import { BUILDKIT, newerApi, SWARM, WINDOWS } from './reasons.js';
import { deviceRequest, ulimits } from './service-runtime.js';
import { booleanLike, byteSize, duration, fileMode, integerLike, integerUpTo, mapOrList, stringList, syntax } from './primitives.js';

const portNumber = z
  .union([z.number().int(), z.string()], { error: 'is not a port; expected a number from 1 to 65535' })
  .superRefine((value, ctx) => {
    const range = parsePortRange(String(value));
    if (!range.ok || range.value.end !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'is not a port; expected a number from 1 to 65535' });
    }
  });

const publishedPorts = z
  .union([z.number().int(), z.string()], { error: 'is not a host port; expected a port or a range like 8000-8010' })
  .superRefine((value, ctx) => {
    if (value === '') return;
    const range = parsePortRange(String(value));
    if (!range.ok) ctx.addIssue({ code: 'custom', message: 'is not a host port; expected a port or a range like 8000-8010' });
  });

const ipAddress = syntax((ip) => (isIpAddress(ip) ? parsed(ip) : rejected()), 'an IP address', 'an address like 127.0.0.1');

export const portLong = composeObject({
  target: portNumber.describe('The port inside the container.'),
  published: publishedPorts.optional().describe('The host port or range; Testbed publishes it on the set\'s own loopback address.'),
  host_ip: ipAddress.optional().describe('Host address to bind; by default each set gets its own 127.x address.'),
  protocol: z.enum(['tcp', 'udp'], { error: 'is not a protocol; expected tcp or udp' }).optional(),
  mode: z.enum(['host', 'ingress'], { error: 'is not a port mode; expected host or ingress' }).optional(),
  name: z.string().optional().describe('A name for the port, kept in testbed config.'),
  app_protocol: z.string().optional().describe('The application protocol (http, https...), kept in testbed config.'),
});

export const portEntry = z.union(
  [
    z.number().int().superRefine((n, ctx) => {
      if (!parsePortSpec(n).ok) ctx.addIssue({ code: 'custom', message: 'is not a port; expected a number from 1 to 65535' });
    }),
    syntax(parsePortSpec, 'a port mapping', PORT_EXPECTED),
    portLong,
  ],
  { error: `is not a port mapping; expected ${PORT_EXPECTED} or a mapping with target, published, host_ip, protocol` },
);

export const exposeEntry = z.union(
  [
    z.number().int(),
    syntax((text) => {
      const [range = '', protocol, extra] = text.split('/');
      if (extra !== undefined || (protocol !== undefined && !['tcp', 'udp'].includes(protocol))) return rejected();
      return parsePortRange(range);
    }, 'a port', '"PORT[-END][/PROTOCOL]"'),
  ],
  { error: 'is not a port; expected "PORT[-END][/PROTOCOL]"' },
);

const absolutePath = syntax((p) => (p.startsWith('/') ? parsed(p) : rejected()), 'an absolute path', 'a container path starting with /');

export const volumeLong = closed(
  composeObject({
  type: z.enum(['volume', 'bind', 'tmpfs'], {
    error: 'is not a mount type Testbed supports; expected volume, bind or tmpfs (cluster is for Swarm, npipe for Windows, and image needs Engine API 1.47)',
  }),
  source: z.string().optional().describe('Volume name (type volume) or host path (type bind).'),
  target: absolutePath,
  read_only: booleanLike.optional(),
  volume: composeObject({
    nocopy: booleanLike.optional(),
    subpath: unsupported(newerApi('1.45')),
    labels: unsupported('labels of a volume go on its top-level definition (volumes: NAME: labels:), which Testbed applies'),
  }).optional(),
  bind: composeObject({
    create_host_path: booleanLike.optional(),
    propagation: z.enum(['shared', 'slave', 'private', 'rshared', 'rslave', 'rprivate'], {
      error: 'is not a propagation mode; expected shared, slave, private, rshared, rslave or rprivate',
    }).optional(),
    selinux: unsupported('the Engine API mounts Testbed makes cannot relabel for SELinux; relabel the host directory yourself (chcon)'),
    recursive: unsupported(newerApi('1.44')),
  }).optional(),
  tmpfs: composeObject({ size: byteSize.optional(), mode: fileMode.optional() }).optional(),
  consistency: unsupported('it only matters to Docker Desktop on macOS; mounts on Linux are always consistent'),
  image: unsupported(newerApi('1.47')),
}).superRefine((mount, ctx) => {
  if (mount.type === 'bind' && !mount.source) {
    ctx.addIssue({ code: 'custom', path: ['source'], message: 'is missing; a bind mount needs a host path' });
  }
  if (mount.type === 'tmpfs' && mount.source) {
    ctx.addIssue({ code: 'custom', path: ['source'], message: 'is not allowed; a tmpfs mount has no source' });
  }
  }),
);

export const volumeEntry = z.union([syntax(parseVolumeSpec, 'a volume mount', VOLUME_EXPECTED), volumeLong], {
  error: `is not a volume mount; expected ${VOLUME_EXPECTED} or a mapping with type, source, target`,
});

const networkAttachment = composeObject({
  aliases: stringList.optional().describe('Extra names the service answers to on this network.'),
  ipv4_address: ipAddress.optional(),
  ipv6_address: z.string().optional(),
  link_local_ips: stringList.optional(),
  mac_address: unsupported(newerApi('1.44')),
  driver_opts: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  priority: z.number().int().optional().describe('Networks are connected in order of priority, highest first.'),
  gw_priority: unsupported(newerApi('1.48')),
  interface_name: unsupported(newerApi('1.49')),
});

export const serviceNetworks = z.union([stringList, z.record(z.string(), networkAttachment.nullable())], {
  error: 'expected a list of network names or a mapping of network name to {aliases, ipv4_address}',
});

export const dependencyCondition = z.enum(['service_started', 'service_healthy', 'service_completed_successfully'], {
  error: 'is not a condition; expected service_started, service_healthy or service_completed_successfully',
});

export const dependsOn = z.union(
  [
    stringList,
    z.record(
      z.string(),
      composeObject({ condition: dependencyCondition.optional(), required: booleanLike.optional(), restart: booleanLike.optional() }),
    ),
  ],
  { error: 'expected a list of service names or a mapping of service name to {condition, required, restart}' },
);

const HEALTH_TEST_EXPECTED = '["CMD", "program", "arg"...], ["CMD-SHELL", "shell command"] or ["NONE"]';

export const healthcheck = composeObject({
  test: z
    .union([
      z.string(),
      stringList.superRefine((list, ctx) => {
        if (!['CMD', 'CMD-SHELL', 'NONE'].includes(list[0] ?? '') || (list[0] !== 'NONE' && list.length < 2)) {
          ctx.addIssue({ code: 'custom', message: `is not a healthcheck test; expected ${HEALTH_TEST_EXPECTED}` });
        }
      }),
    ], { error: `is not a healthcheck test; expected a shell command string or ${HEALTH_TEST_EXPECTED}` })
    .optional(),
  interval: duration.optional(),
  timeout: duration.optional(),
  retries: integerLike.optional(),
  start_period: duration.optional(),
  start_interval: duration.optional(),
  disable: booleanLike.optional(),
});

export const build = z.union(
  [
    z.string().describe('Build context directory, relative to the project directory.'),
    composeObject({
      context: z.string().optional(),
      dockerfile: z.string().optional(),
      args: mapOrList.optional(),
      target: z.string().optional(),
      labels: mapOrList.optional(),
      dockerfile_inline: z.string().optional(),
      no_cache: booleanLike.optional(),
      cache_from: stringList.optional(),
      network: z.string().optional(),
      pull: booleanLike.optional(),
      shm_size: byteSize.optional(),
      extra_hosts: z.union([z.array(z.string()), z.record(z.string(), z.union([z.string(), stringList]))]).optional(),
      tags: stringList.optional(),
      ulimits: ulimits.optional(),
      ...unsupportedKeys({
        entitlements: BUILDKIT,
        ssh: BUILDKIT,
        cache_to: BUILDKIT,
        additional_contexts: BUILDKIT,
        privileged: BUILDKIT,
        secrets: BUILDKIT,
        no_cache_filter: BUILDKIT,
        provenance: BUILDKIT,
        sbom: BUILDKIT,
        platforms: `${BUILDKIT}; set the service's platform: instead`,
        isolation: WINDOWS,
      }),
    }),
  ],
  { error: 'expected a build context path or a mapping with context, dockerfile, args, target' },
);

/** Replicas of one service in one set: every one is a container on this host, with its own address. */
export const MAX_REPLICAS = 100;

export const replicaCount = integerUpTo(0, MAX_REPLICAS, `(Testbed runs at most ${MAX_REPLICAS} replicas of a service in a set)`);

const NOT_CPUS = { error: 'is not a CPU count; expected a number like 0.5' };

export const deploy = composeObject({
  replicas: replicaCount.optional(),
  resources: composeObject({
    limits: composeObject({
      cpus: z
        .union([z.number().nonnegative(NOT_CPUS), z.string().regex(/^\d+(\.\d+)?$/, NOT_CPUS)], NOT_CPUS)
        .optional(),
      memory: byteSize.optional(),
      pids: integerLike.optional(),
    }).optional(),
    reservations: composeObject({
      cpus: unsupported('the engine reserves no CPU for a container; deploy.resources.limits.cpus is enforced'),
      memory: byteSize.optional(),
      devices: z.array(deviceRequest).optional(),
      generic_resources: unsupported(SWARM),
    }).optional(),
  }).optional(),
  mode: z.enum(['replicated', 'global'], { error: 'is not a deploy mode; expected replicated or global' }).optional(),
  restart_policy: composeObject({
    condition: z.enum(['none', 'on-failure', 'any'], { error: 'is not a restart condition; expected none, on-failure or any' }).optional(),
    max_attempts: integerLike.optional(),
    delay: unsupported('the engine restarts a container with its own back-off; it has no fixed delay'),
    window: unsupported('the engine has no restart window'),
  }).optional(),
  ...unsupportedKeys({ endpoint_mode: SWARM, labels: SWARM, rollback_config: SWARM, update_config: SWARM, placement: SWARM }),
});

export const envFile = z.union(
  [
    z.string(),
    z.array(
      z.union([z.string(), composeObject({ path: z.string(), required: booleanLike.optional(), format: z.enum(['raw'], { error: 'is not an env file format; expected raw' }).optional() })], {
        error: 'is not an env file; expected a path or {path, required}',
      }),
    ),
  ],
  { error: 'expected a path, or a list of paths or {path, required}' },
);

const hostEntry = syntax(
  (text) => (/^[^:=\s]+[:=]\S+$/.test(text) ? parsed(text) : rejected()),
  'a host entry',
  '"hostname:ip" or "hostname=ip"',
);

export const extraHosts = z.union([z.array(hostEntry), z.record(z.string(), z.union([z.string(), stringList]))], {
  error: 'expected a list of "hostname:ip" strings or a mapping of hostname to ip',
});

export const fileReference = z.union(
  [
    z.string(),
    composeObject({
      source: z.string(),
      target: z.string().optional(),
      uid: z.union([z.string(), z.number().int()]).optional(),
      gid: z.union([z.string(), z.number().int()]).optional(),
      mode: fileMode.optional(),
    }),
  ],
  { error: 'expected a name or a mapping with source, target, uid, gid, mode' },
);

export const restartPolicy = syntax(
  (text) => (/^(no|always|unless-stopped|on-failure(:\d+)?)$/.test(text) ? parsed(text) : rejected()),
  'a restart policy',
  '"no", "always", "unless-stopped", "on-failure" or "on-failure:N"',
);

export const command = z.union([z.null(), z.string(), z.array(z.union([z.string(), z.number()]))], {
  error: 'expected a command string or a list of arguments',
});
