/**
 * The project as a canonical Compose file, like `docker compose config` prints it: every
 * short form in its long form, defaults filled in, durations as "30s", paths absolute,
 * environment as a mapping, and the x-testbed blocks kept. Loading the result gives the
 * same project again. Pure: no I/O, same input, same output (keys in a fixed order).
 */
import { compact, nonEmpty } from './compact.js';
import { stringify } from 'yaml';
import { formatByteSize } from '../config/syntax/byte-size.js';
import { formatDuration } from '../common/duration.js';
import type { FileObject, FileReference, Healthcheck, Network, PortMapping, Project, Service, VolumeMount } from './project.js';
import { composeBuildOptions, composeDeviceRequests, composeRuntime } from './to-compose-runtime.js';

export type ComposeDocument = Record<string, unknown>;

/**
 * Every `$` in a value doubled: the model holds values after interpolation, and the printed
 * file is interpolated again when it is loaded (`echo $$USER` must not become the host's user).
 */
export function toCompose(project: Project): ComposeDocument {
  return escapeDollars(canonical(project)) as ComposeDocument;
}

function escapeDollars(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$');
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDollars(v)]));
  return value;
}

function canonical(project: Project): ComposeDocument {
  const out: ComposeDocument = { name: project.name, services: sortedRecord(project.services, composeService) };
  const sections = {
    networks: sortedRecord(project.networks, composeNetwork),
    volumes: sortedRecord(project.volumes, (v) => compact({
      driver: v.driver,
      driver_opts: nonEmpty(sortedKeys(v.driverOpts)),
      labels: nonEmpty(sortedKeys(v.labels)),
      external: v.external || undefined,
      name: v.externalName ?? v.engineName,
    })),
    configs: sortedRecord(project.configs, composeFileObject),
    secrets: sortedRecord(project.secrets, composeFileObject),
  };
  for (const [key, value] of Object.entries(sections)) if (Object.keys(value).length > 0) out[key] = value;
  if (project.xTestbed && Object.keys(project.xTestbed).length > 0) out['x-testbed'] = project.xTestbed;
  for (const key of Object.keys(project.extensions).sort()) out[key] = project.extensions[key];
  return out;
}

/** The canonical file as YAML text: long strings kept on one line, no anchors. */
export function toComposeYaml(project: Project): string {
  return stringify(toCompose(project), { lineWidth: 0, aliasDuplicateObjects: false });
}

/** A service's keys in alphabetical order, as `docker compose config` prints them; empty and default values left out. */
export function composeService(service: Service): Record<string, unknown> {
  const limits = compact({
    cpus: service.limits.cpus === undefined ? undefined : String(service.limits.cpus),
    memory: service.limits.memoryBytes === undefined ? undefined : formatByteSize(service.limits.memoryBytes),
    pids: service.limits.pids,
  });
  const fields: Record<string, unknown> = {
    build: service.build && compact({
      context: service.build.context,
      dockerfile: service.build.dockerfile,
      args: nonEmpty(sortedKeys(service.build.args)),
      target: service.build.target,
      labels: nonEmpty(sortedKeys(service.build.labels)),
      ...composeBuildOptions(service.build),
    }),
    cap_add: nonEmpty(service.capAdd),
    cap_drop: nonEmpty(service.capDrop),
    command: service.command,
    configs: nonEmpty(service.configs.map(fileReference)),
    depends_on: nonEmpty(sortedRecord(service.dependsOn, (d) => ({ condition: d.condition, required: d.required, restart: d.restart }))),
    deploy: deploy(limits, composeDeviceRequests(service.container)),
    entrypoint: service.entrypoint,
    environment: nonEmpty(sortedKeys(service.environment)),
    expose: nonEmpty(service.expose),
    extra_hosts: nonEmpty(service.extraHosts),
    healthcheck: service.healthcheck === undefined ? undefined : healthcheck(service.healthcheck),
    hostname: service.hostname,
    image: service.image,
    init: service.init,
    labels: nonEmpty(sortedKeys(service.labels)),
    networks: nonEmpty(sortedRecord(service.networks, (n) => {
      const attachment = compact({
        aliases: nonEmpty(n.aliases),
        ipv4_address: n.ipv4Address,
        ipv6_address: n.ipv6Address,
        link_local_ips: n.linkLocalIps,
        driver_opts: n.driverOpts,
        priority: n.priority,
      });
      return Object.keys(attachment).length === 0 ? null : attachment;
    })),
    ports: nonEmpty(service.ports.flatMap(longPorts)),
    profiles: nonEmpty(service.profiles),
    read_only: service.readOnly || undefined,
    restart: service.restart === 'no' ? undefined : service.restart,
    scale: service.replicas === 1 ? undefined : service.replicas,
    secrets: nonEmpty(service.secrets.map(fileReference)),
    stop_grace_period: service.stopGracePeriodMs === undefined ? undefined : formatDuration(service.stopGracePeriodMs),
    stop_signal: service.stopSignal,
    tmpfs: nonEmpty(service.tmpfs),
    user: service.user,
    volumes: nonEmpty(service.volumes.map(longVolume)),
    working_dir: service.workingDir,
    'x-testbed': service.xTestbed && nonEmpty(service.xTestbed),
  };
  const all = { ...fields, ...composeRuntime(service) };
  return compact(Object.fromEntries(Object.keys(all).sort().map((key) => [key, all[key]])));
}

function deploy(limits: Record<string, unknown>, devices: Record<string, unknown>[] | undefined): Record<string, unknown> | undefined {
  const resources = compact({
    limits: Object.keys(limits).length > 0 ? limits : undefined,
    reservations: devices ? { devices } : undefined,
  });
  return Object.keys(resources).length > 0 ? { resources } : undefined;
}

/**
 * Long-syntax ports. A range is one entry per port, as Compose prints it; a host range for
 * a single container port ("8000-8010:80") stays one entry, since it means "any port of the range".
 */
function longPorts(port: PortMapping): Record<string, unknown>[] {
  const count = port.targetEnd === undefined ? 1 : port.targetEnd - port.target + 1;
  const hostRange = count === 1 && port.published !== undefined && port.publishedEnd !== undefined;
  return Array.from({ length: count }, (_, i) =>
    compact({
      target: port.target + i,
      published: hostRange
        ? `${port.published}-${port.publishedEnd}`
        : port.published === undefined ? undefined : String(port.published + i),
      host_ip: port.hostIp,
      protocol: port.protocol,
      mode: port.mode,
      name: port.name,
      app_protocol: port.appProtocol,
    }),
  );
}

function longVolume(mount: VolumeMount): Record<string, unknown> {
  switch (mount.type) {
    case 'bind':
      return compact({
        type: 'bind',
        source: mount.source,
        target: mount.target,
        read_only: mount.readOnly || undefined,
        bind: mount.createHostPath || mount.propagation ? compact({ create_host_path: mount.createHostPath || undefined, propagation: mount.propagation }) : undefined,
      });
    case 'volume':
      return compact({
        type: 'volume',
        source: mount.source,
        target: mount.target,
        read_only: mount.readOnly || undefined,
        volume: mount.noCopy ? { nocopy: true } : undefined,
      });
    case 'tmpfs':
      return compact({
        type: 'tmpfs',
        target: mount.target,
        tmpfs: nonEmpty(compact({
          size: mount.sizeBytes === undefined ? undefined : formatByteSize(mount.sizeBytes),
          mode: mount.mode === undefined ? undefined : octal(mount.mode),
        })),
      });
  }
}

function healthcheck(value: Healthcheck | 'disabled'): Record<string, unknown> {
  if (value === 'disabled') return { disable: true };
  return {
    test: value.test,
    interval: formatDuration(value.intervalMs),
    timeout: formatDuration(value.timeoutMs),
    retries: value.retries,
    start_period: formatDuration(value.startPeriodMs),
    start_interval: formatDuration(value.startIntervalMs),
  };
}

function fileReference(ref: FileReference): Record<string, unknown> {
  return compact({ source: ref.source, target: ref.target, uid: ref.uid, gid: ref.gid, mode: ref.mode === undefined ? undefined : octal(ref.mode) });
}

function composeNetwork(network: Network): Record<string, unknown> {
  return compact({
    driver: network.driver,
    internal: network.internal || undefined,
    enable_ipv6: network.enableIpv6 || undefined,
    labels: nonEmpty(sortedKeys(network.labels)),
    external: network.external || undefined,
    name: network.externalName ?? network.engineName,
    driver_opts: network.driverOpts,
    attachable: network.attachable,
    ipam: network.ipam && compact({
      driver: network.ipam.driver,
      config: network.ipam.config.map((c) => compact({ subnet: c.subnet, ip_range: c.ipRange, gateway: c.gateway, aux_addresses: c.auxAddresses })),
      options: network.ipam.options,
    }),
  });
}

/** A config or secret as the file gives it; a value read from the environment is never printed. */
function composeFileObject(entry: FileObject): Record<string, unknown> {
  return compact({
    file: entry.file,
    content: entry.content,
    environment: entry.environment,
    external: entry.external || undefined,
    name: entry.engineName,
    'x-testbed': entry.xTestbed && nonEmpty(entry.xTestbed),
  });
}

/** File modes are octal ("0440"), as users write them; the loader reads the string back as octal. */
function octal(mode: number): string {
  return `0${mode.toString(8)}`;
}

function sortedRecord<T, R>(record: Record<string, T>, convert: (value: T) => R): Record<string, R> {
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, convert(record[key]!)]));
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return sortedRecord(record, (v) => v);
}
