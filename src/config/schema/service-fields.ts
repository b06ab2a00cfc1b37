/**
 * Schemas of the structured service keys: ports, volumes, networks, depends_on,
 * healthcheck, build, deploy, env_file, extra_hosts, configs/secrets.
 */
import { z } from 'zod';
import { isIpAddress, parsePortRange, parsePortSpec, PORT_EXPECTED } from '../syntax/port.js';
import { parsed, rejected } from '../../common/parsed.js';
import { parseVolumeSpec, VOLUME_EXPECTED } from '../syntax/volume.js';
import { closed, composeObject, unsupported, unsupportedKeys } from './marks.js';
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
  name: unsupported(),
  app_protocol: unsupported(),
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
  type: z.enum(['volume', 'bind', 'tmpfs'], { error: 'is not a mount type Testbed supports; expected volume, bind or tmpfs' }),
  source: z.string().optional().describe('Volume name (type volume) or host path (type bind).'),
  target: absolutePath,
  read_only: booleanLike.optional(),
  volume: composeObject({ nocopy: booleanLike.optional(), subpath: unsupported(), labels: unsupported() }).optional(),
  bind: composeObject({
    create_host_path: booleanLike.optional(),
    propagation: unsupported(),
    selinux: unsupported(),
    recursive: unsupported(),
  }).optional(),
  tmpfs: composeObject({ size: byteSize.optional(), mode: fileMode.optional() }).optional(),
  consistency: unsupported(),
  image: unsupported(),
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
  ipv6_address: unsupported(),
  link_local_ips: unsupported(),
  mac_address: unsupported(),
  driver_opts: unsupported(),
  priority: unsupported(),
  gw_priority: unsupported(),
  interface_name: unsupported(),
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
      ...unsupportedKeys(
        'dockerfile_inline', 'entitlements', 'ssh', 'cache_from', 'cache_to', 'no_cache', 'additional_contexts',
        'network', 'pull', 'shm_size', 'extra_hosts', 'isolation', 'privileged', 'secrets', 'tags', 'ulimits',
        'platforms',
      ),
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
    reservations: unsupported(),
  }).optional(),
  ...unsupportedKeys('mode', 'endpoint_mode', 'labels', 'rollback_config', 'update_config', 'restart_policy', 'placement'),
});

export const envFile = z.union(
  [
    z.string(),
    z.array(
      z.union([z.string(), composeObject({ path: z.string(), required: booleanLike.optional(), format: unsupported() })], {
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
