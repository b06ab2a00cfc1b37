/**
 * One validated Compose service -> the model's Service: every short form expanded,
 * every default applied, durations in ms, sizes in bytes, paths absolute.
 * Cross-references (networks, volumes, dependencies) are checked in references.ts.
 */
import { keyPositionAt } from '../config/config-tree.js';
import { asBoolean, asInteger, parseFileMode } from '../config/schema/primitives.js';
import type { ComposeService } from '../config/schema/service.js';
import { parseByteSize } from '../config/syntax/byte-size.js';
import { parseDuration } from '../common/duration.js';
import { parsePortRange, parsePortSpec } from '../config/syntax/port.js';
import { parseVolumeSpec } from '../config/syntax/volume.js';
import { hostPath } from './host-path.js';
import { impliedDependencies, networkModeOf } from './normalize-namespaces.js';
import { normalizeContainerOptions } from './normalize-runtime.js';
import { buildOptions, extraHosts, lifecycleHooks, labelFiles, pullPolicyOf, restartOf, seccompProfiles } from './normalize-service-extras.js';
import { keyValueEntries, labelMap } from './key-values.js';
import type { NormalizeContext } from './normalize-context.js';
import type {
  Build,
  Dependency,
  FileReference,
  Healthcheck,
  PortMapping,
  ResourceLimits,
  Service,
  ServiceNetwork,
  VolumeMount,
} from './project.js';
import { serviceEnvironment } from './service-environment.js';
import { splitCommand } from './command-spec.js';

/** Compose's healthcheck defaults. */
export const HEALTHCHECK_DEFAULTS = {
  intervalMs: 30_000,
  timeoutMs: 30_000,
  retries: 3,
  startPeriodMs: 0,
  startIntervalMs: 5_000,
} as const;

export async function normalizeService(name: string, raw: ComposeService, ctx: NormalizeContext): Promise<Service> {
  const at = (...path: (string | number)[]) => ['services', name, ...path];
  if (raw.image === undefined && raw.build === undefined) {
    ctx.diagnostics.keyError(at(), 'has neither image nor build; give the image to run or a build context');
  }
  const service: Service = {
    name,
    environment: await serviceEnvironment(name, raw, ctx),
    ports: (raw.ports ?? []).map(portMapping),
    expose: (raw.expose ?? []).map(String),
    volumes: (raw.volumes ?? []).map((v) => volumeMount(v, ctx)),
    networks: raw.network_mode !== undefined && !['bridge', 'default'].includes(raw.network_mode) ? {} : serviceNetworks(raw.networks),
    dependsOn: dependencies(raw.depends_on, impliedDependencies(raw)),
    labels: { ...(await labelFiles(name, raw, ctx)), ...labelMap(raw.labels) },
    restart: restartOf(raw),
    profiles: raw.profiles ?? [],
    capAdd: raw.cap_add ?? [],
    capDrop: raw.cap_drop ?? [],
    readOnly: asBoolean(raw.read_only, false),
    tmpfs: raw.tmpfs === undefined ? [] : typeof raw.tmpfs === 'string' ? [raw.tmpfs] : raw.tmpfs,
    extraHosts: extraHosts(raw.extra_hosts),
    limits: limits(raw),
    replicas: replicas(name, raw, ctx),
    container: normalizeContainerOptions(name, raw, ctx, await seccompProfiles(name, raw, ctx)),
    hooks: lifecycleHooks(raw),
    configs: (raw.configs ?? []).map((ref) => fileReference(ref, (source) => `/${source}`)),
    secrets: (raw.secrets ?? []).map((ref) => fileReference(ref, (source) => `/run/secrets/${source}`)),
    secretEnvironment: raw['x-testbed']?.secret_environment ?? {},
    afterJobs: raw['x-testbed']?.after_jobs ?? [],
    oneShot: asBoolean(raw['x-testbed']?.oneshot, false),
    readyOnStart: raw['x-testbed']?.ready === 'started',
    writablePaths: raw['x-testbed']?.writable_paths ?? [],
    livenessProbe: asBoolean(raw['x-testbed']?.liveness_probe, false),
  };
  if (raw['x-testbed']?.arbitrary_uid !== undefined) service.arbitraryUid = asBoolean(raw['x-testbed'].arbitrary_uid, false);
  if (raw['x-testbed']) service.xTestbed = raw['x-testbed'];
  const position = keyPositionAt(ctx.diagnostics.tree, at());
  if (position) service.position = position;
  if (raw.image !== undefined) service.image = raw.image;
  if (raw.build !== undefined) service.build = build(raw.build, ctx);
  const command = commandLine(raw.command);
  if (command) service.command = command;
  const entrypoint = commandLine(raw.entrypoint);
  if (entrypoint) service.entrypoint = entrypoint;
  const healthcheck = healthcheckOf(raw.healthcheck);
  if (healthcheck) service.healthcheck = healthcheck;
  if (raw.user !== undefined) service.user = String(raw.user);
  if (raw.init !== undefined) service.init = asBoolean(raw.init, false);
  if (raw.working_dir !== undefined) service.workingDir = raw.working_dir;
  if (raw.stop_signal !== undefined) service.stopSignal = raw.stop_signal;
  if (raw.stop_grace_period !== undefined) service.stopGracePeriodMs = durationMs(raw.stop_grace_period);
  if (raw.hostname !== undefined) service.hostname = raw.hostname;
  const networkMode = networkModeOf(name, raw, ctx);
  if (networkMode) service.networkMode = networkMode;
  const pullPolicy = pullPolicyOf(name, raw, ctx);
  if (pullPolicy) service.pullPolicy = pullPolicy;
  if (raw.provider !== undefined) {
    ctx.diagnostics.keyError(at('provider'), 'is refused: a provider service is managed by an external program, not run as a container, and Testbed runs only containers; run that program yourself, or give the service an image');
  }
  if (raw.container_name !== undefined) {
    service.containerName = raw.container_name;
    ctx.diagnostics.warn(at('container_name'), `each set names the container "${raw.container_name}-<set>": two sets cannot share one container name`);
    if (service.replicas > 1) ctx.diagnostics.error(at('container_name'), `names one container, but the service has ${service.replicas} replicas; remove container_name or run one replica`);
  }
  return service;
}

/** Validated already; these cannot fail. */
function durationMs(text: string): number {
  const result = parseDuration(text);
  return result.ok ? result.value : 0;
}

function bytes(value: string | number): number | undefined {
  const result = parseByteSize(value);
  return result.ok ? result.value : undefined;
}

/** Compose splits a string command like a POSIX shell (without expanding anything); a list is taken as it is. */
export function commandLine(value: ComposeService['command']): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  return splitCommand(value);
}

function portMapping(entry: NonNullable<ComposeService['ports']>[number]): PortMapping {
  if (typeof entry === 'number' || typeof entry === 'string') {
    const result = parsePortSpec(entry);
    if (!result.ok) throw new Error(`unvalidated port ${entry}`);
    return result.value;
  }
  const port: PortMapping = { target: Number(entry.target), protocol: entry.protocol ?? 'tcp' };
  if (entry.name !== undefined) port.name = entry.name;
  if (entry.app_protocol !== undefined) port.appProtocol = entry.app_protocol;
  if (entry.mode !== undefined) port.mode = entry.mode;
  if (entry.published !== undefined && entry.published !== '') {
    const range = parsePortRange(String(entry.published));
    if (range.ok) {
      port.published = range.value.start;
      if (range.value.end !== undefined) port.publishedEnd = range.value.end;
    }
  }
  if (entry.host_ip !== undefined) port.hostIp = entry.host_ip;
  return port;
}

function volumeMount(entry: NonNullable<ComposeService['volumes']>[number], ctx: NormalizeContext): VolumeMount {
  if (typeof entry === 'string') {
    const result = parseVolumeSpec(entry);
    if (!result.ok) throw new Error(`unvalidated volume ${entry}`);
    const v = { ...result.value, target: containerPath(result.value.target) };
    // Compose creates a missing host directory for the short syntax only.
    return v.type === 'bind' ? { ...v, source: hostPath(v.source, ctx), createHostPath: true } : v;
  }
  const readOnly = asBoolean(entry.read_only, false);
  entry = { ...entry, target: containerPath(entry.target) };
  switch (entry.type) {
    case 'bind':
      return {
        type: 'bind',
        source: hostPath(entry.source!, ctx),
        target: entry.target,
        readOnly,
        createHostPath: asBoolean(entry.bind?.create_host_path, false),
        ...(entry.bind?.propagation ? { propagation: entry.bind.propagation } : {}),
      };
    case 'tmpfs': {
      const mount: VolumeMount = { type: 'tmpfs', target: entry.target };
      const size = entry.tmpfs?.size === undefined ? undefined : bytes(entry.tmpfs.size);
      if (size !== undefined) mount.sizeBytes = size;
      if (entry.tmpfs?.mode !== undefined) mount.mode = parseFileMode(entry.tmpfs.mode);
      return mount;
    }
    case 'volume': {
      const mount: VolumeMount = { type: 'volume', target: entry.target, readOnly, noCopy: asBoolean(entry.volume?.nocopy, false) };
      if (entry.source) mount.source = entry.source;
      return mount;
    }
  }
}

/** `/var/www/html/` is `/var/www/html`, as Compose cleans container paths (so both forms merge as one mount). */
export function containerPath(path: string): string {
  const cleaned = path.replace(/\/{2,}/g, '/');
  return cleaned.length > 1 ? cleaned.replace(/\/+$/, '') : cleaned;
}

function serviceNetworks(value: ComposeService['networks']): Record<string, ServiceNetwork> {
  if (value === undefined) return { default: { aliases: [] } };
  if (Array.isArray(value)) return Object.fromEntries(value.map((n) => [n, { aliases: [] }]));
  const out: Record<string, ServiceNetwork> = {};
  for (const [network, attachment] of Object.entries(value)) {
    const entry: ServiceNetwork = { aliases: attachment?.aliases ?? [] };
    if (attachment?.ipv4_address) entry.ipv4Address = attachment.ipv4_address;
    if (attachment?.ipv6_address) entry.ipv6Address = attachment.ipv6_address;
    if (attachment?.link_local_ips) entry.linkLocalIps = attachment.link_local_ips;
    if (attachment?.driver_opts) entry.driverOpts = Object.fromEntries(Object.entries(attachment.driver_opts).map(([k, v]) => [k, String(v)]));
    if (attachment?.priority !== undefined) entry.priority = attachment.priority;
    out[network] = entry;
  }
  return out;
}

/** depends_on, plus the services this one shares a namespace, volumes or links with (started first, as in Compose). */
function dependencies(value: ComposeService['depends_on'], implied: string[]): Record<string, Dependency> {
  const started = (): Dependency => ({ condition: 'service_started', required: true, restart: false });
  const out = Object.fromEntries(implied.map((n) => [n, started()]));
  if (value === undefined) return out;
  if (Array.isArray(value)) return { ...out, ...Object.fromEntries(value.map((n) => [n, started()])) };
  return Object.assign(out, Object.fromEntries(
    Object.entries(value).map(([n, d]) => [
      n,
      { condition: d.condition ?? 'service_started', required: asBoolean(d.required, true), restart: asBoolean(d.restart, false) },
    ]),
  ));
}

function healthcheckOf(value: ComposeService['healthcheck']): Healthcheck | 'disabled' | undefined {
  if (value === undefined) return undefined;
  if (asBoolean(value.disable, false)) return 'disabled';
  const test = value.test === undefined ? undefined : typeof value.test === 'string' ? ['CMD-SHELL', value.test] : value.test;
  if (test?.[0] === 'NONE') return 'disabled';
  // A healthcheck without a test only tunes the image's own check: Docker needs the test, so keep the image's.
  if (!test) return undefined;
  const ms = (v: string | undefined, fallback: number) => (v === undefined ? fallback : durationMs(v));
  return {
    test,
    intervalMs: ms(value.interval, HEALTHCHECK_DEFAULTS.intervalMs),
    timeoutMs: ms(value.timeout, HEALTHCHECK_DEFAULTS.timeoutMs),
    retries: asInteger(value.retries) ?? HEALTHCHECK_DEFAULTS.retries,
    startPeriodMs: ms(value.start_period, HEALTHCHECK_DEFAULTS.startPeriodMs),
    startIntervalMs: ms(value.start_interval, HEALTHCHECK_DEFAULTS.startIntervalMs),
  };
}

function build(value: NonNullable<ComposeService['build']>, ctx: NormalizeContext): Build {
  const spec = typeof value === 'string' ? { context: value } : value;
  const args: Record<string, string> = {};
  for (const [key, v] of keyValueEntries(typeof value === 'string' ? undefined : value.args)) {
    // `ARG` without a value takes it from the environment, or is left to the Dockerfile's default.
    const resolved = v ?? ctx.lookup(key);
    if (resolved !== undefined) args[key] = resolved;
  }
  const out: Build = {
    context: hostPath(spec.context ?? '.', ctx),
    dockerfile: typeof value === 'string' ? 'Dockerfile' : (value.dockerfile ?? 'Dockerfile'),
    args,
    labels: labelMap(typeof value === 'string' ? undefined : value.labels),
  };
  if (typeof value !== 'string') Object.assign(out, buildOptions(value));
  return out;
}

function limits(raw: ComposeService): ResourceLimits {
  const out: ResourceLimits = {};
  const fromDeploy = raw.deploy?.resources?.limits;
  const memory = fromDeploy?.memory ?? raw.mem_limit;
  if (memory !== undefined) {
    const value = bytes(memory);
    if (value !== undefined) out.memoryBytes = value;
  }
  const cpus = fromDeploy?.cpus ?? raw.cpus;
  if (cpus !== undefined) out.cpus = Number(cpus);
  const pids = fromDeploy?.pids ?? raw.pids_limit;
  // -1 and 0 mean "no limit" to the engine, as leaving it out does.
  if (pids !== undefined && Number(pids) > 0) out.pids = Number(pids);
  const reserved = raw.deploy?.resources?.reservations?.cpus;
  if (reserved !== undefined) out.reservedCpus = Number(reserved);
  return out;
}

function replicas(name: string, raw: ComposeService, ctx: NormalizeContext): number {
  if (raw.deploy?.mode === 'global') {
    ctx.diagnostics.warn(['services', name, 'deploy', 'mode'], 'global means one container per Swarm node; a set has one host, so the service runs one replica');
    return 1;
  }
  const scale = asInteger(raw.scale);
  const deployed = asInteger(raw.deploy?.replicas ?? undefined);
  if (scale !== undefined && deployed !== undefined && scale !== deployed) {
    ctx.diagnostics.error(['services', name, 'scale'], `is ${scale} but deploy.replicas is ${deployed}; keep one of them`);
  }
  return scale ?? deployed ?? 1;
}

function fileReference(
  ref: NonNullable<ComposeService['configs']>[number],
  defaultTarget: (source: string) => string,
): FileReference {
  if (typeof ref === 'string') return { source: ref, target: defaultTarget(ref) };
  const target = ref.target === undefined ? defaultTarget(ref.source) : ref.target.startsWith('/') ? ref.target : defaultTarget(ref.target);
  const out: FileReference = { source: ref.source, target };
  if (ref.uid !== undefined) out.uid = String(ref.uid);
  if (ref.gid !== undefined) out.gid = String(ref.gid);
  if (ref.mode !== undefined) out.mode = parseFileMode(ref.mode);
  return out;
}
