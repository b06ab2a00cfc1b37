/**
 * What the engine is asked to create for a set: one ContainerSpec per service replica (the
 * set's networks and volumes are in resource-specs.ts, image builds in build-spec.ts). Pure:
 * the same project, set and inputs always give byte-identical specs, which is what makes the
 * config hash meaningful.
 */
import type { Healthcheck, Project, Service } from '../model/project.js';
import { withArbitraryUid } from './arbitrary-uid.js';
import { relocateAddress } from './ipam.js';
import { configHash } from './config-hash.js';
import { LABEL, setOwnerLabels } from './labels.js';
import { injectedFiles, mountSpecs, tmpfsOptions, type MaterialisedFile } from './mounts.js';
import { engineNetworkName, replicaDomain, serviceContainerName, serviceDomain } from './names.js';
import type { SetSubnets } from './resource-specs.js';
import { optional, sortedLabels } from './spec-fields.js';
import { hostSpec, networkModeSpec } from './host-spec.js';
import { exposedPorts, portBindings, type PublishMode } from './port-bindings.js';
import type { ContainerSpec, HealthcheckSpec, Labels, NetworkAttachment } from './specs.js';

export type { MaterialisedFile } from './mounts.js';
export type { PublishMode } from './port-bindings.js';

export interface ContainerSpecInput {
  project: Project;
  set: string;
  service: Service;
  /** From 1. */
  replica: number;
  /** The replica's loopback address (see address-allocator). */
  address: string;
  /** Image reference to run (built tag or the file's image). */
  image: string;
  publish: PublishMode;
  /** Added to the service's labels; Testbed's own labels still win. */
  extraLabels?: Labels;
  /** Configs and secrets already written to the host (see MaterialisedFile). */
  files?: MaterialisedFile[];
  /** Environment variables whose values are set secrets (x-testbed secret_environment), resolved. */
  secretEnvironment?: Record<string, string>;
  /** Network key -> file subnet -> the subnet this set has instead (see plan/ipam.ts). */
  subnets?: SetSubnets;
  /** The set's UID for services marked x-testbed arbitrary_uid (see arbitrary-uid.ts). */
  arbitraryUid?: number;
}

function filesLabel(files: MaterialisedFile[]): Labels {
  if (files.length === 0) return {};
  const sorted = [...files].sort((a, b) => a.target.localeCompare(b.target));
  return { [LABEL.files]: JSON.stringify(sorted) };
}

export function containerSpec(input: ContainerSpecInput): ContainerSpec {
  const { project, set, service, replica, address } = input;
  const limits = service.limits;
  let spec: ContainerSpec = {
    name: serviceContainerName(project, set, service.name, replica),
    image: input.image,
    labels: sortedLabels({
      ...service.labels,
      ...input.extraLabels,
      ...setOwnerLabels(project.name, set),
      [LABEL.service]: service.name,
      [LABEL.number]: String(replica),
      [LABEL.address]: address,
      [LABEL.projectDirectory]: project.directory,
      // Comma-separated, like Compose's com.docker.compose.project.config_files.
      [LABEL.configFiles]: project.files.join(','),
      // Only when there are some, so sets made without them keep their config hash.
      ...(project.envFiles.length ? { [LABEL.envFiles]: project.envFiles.join(',') } : {}),
      ...(project.profiles.length ? { [LABEL.profiles]: project.profiles.join(',') } : {}),
      ...filesLabel(injectedFiles(service, input.files ?? [])),
    }),
    ...optional('command', service.command && [...service.command]),
    ...optional('entrypoint', service.entrypoint && [...service.entrypoint]),
    env: environment({ ...service.environment, ...input.secretEnvironment }),
    ...optional('user', service.user),
    ...optional('workingDir', service.workingDir),
    hostname: service.hostname ?? (replica === 1 ? service.name : `${service.name}-${replica}`),
    domainname: `${set}.lan`,
    exposedPorts: exposedPorts(service.ports, service.expose),
    portBindings: portBindings(service.ports, address, input.publish),
    mounts: mountSpecs(project, set, service, input.files),
    networks: networkAttachments(project, set, service, replica, input.subnets ?? {}),
    ...optional('healthcheck', healthcheck(service.healthcheck)),
    ...optional('init', service.init),
    restart: restartPolicy(service.restart),
    capAdd: [...service.capAdd],
    capDrop: [...service.capDrop],
    readOnly: service.readOnly,
    tmpfs: tmpfsOptions(service.tmpfs),
    ...optional('stopSignal', service.stopSignal),
    ...optional('stopTimeoutSeconds', service.stopGracePeriodMs === undefined ? undefined : Math.ceil(service.stopGracePeriodMs / 1000)),
    extraHosts: [...service.extraHosts],
    ...optional('memoryBytes', limits.memoryBytes),
    ...optional('nanoCpus', limits.cpus === undefined ? undefined : Math.round(limits.cpus * 1e9)),
    ...optional('pidsLimit', limits.pids),
    ...optional('host', hostSpec(project, set, service, replica)),
  };
  const networkMode = networkModeSpec(project, set, service, replica);
  if (networkMode !== undefined) {
    spec.networkMode = networkMode;
    spec.networks = [];
    // The engine refuses these with another container's network: that container's own apply.
    if (networkMode.startsWith('container:')) {
      delete spec.hostname;
      delete spec.domainname;
      spec.exposedPorts = [];
      spec.extraHosts = [];
      if (spec.host) {
        const { dns: _dns, dnsSearch: _search, dnsOptions: _options, macAddress: _mac, ...rest } = spec.host;
        spec.host = rest;
      }
    }
  }
  if (input.arbitraryUid !== undefined && service.arbitraryUid === true) spec = withArbitraryUid(spec, service, input.arbitraryUid);
  // Last, so the hash covers every other field and label.
  spec.labels = sortedLabels({ ...spec.labels, [LABEL.configHash]: configHash(spec) });
  return spec;
}

/**
 * `default` first, then by name (as Compose orders them when priorities are equal), rather
 * than the file's key order: reordering keys in the file must not change the config hash.
 * On an external network, shared with whatever else joins it, the bare service name is left
 * out: two sets on it would otherwise answer to the same `web`.
 */
function networkAttachments(project: Project, set: string, service: Service, replica: number, subnets: SetSubnets): NetworkAttachment[] {
  const priority = (key: string) => service.networks[key]?.priority ?? 0;
  const keys = Object.keys(service.networks).sort((a, b) =>
    priority(b) - priority(a) || (a === 'default' ? -1 : b === 'default' ? 1 : a < b ? -1 : a > b ? 1 : 0),
  );
  return keys.map((key) => {
    const attachment = service.networks[key]!;
    const external = project.networks[key]?.external ?? false;
    const aliases = [
      ...(external ? [] : [service.name]),
      serviceDomain(service.name, set),
      replicaDomain(service.name, replica, set),
      ...attachment.aliases,
    ];
    return {
      network: engineNetworkName(project, set, key),
      aliases: [...new Set(aliases)],
      ...optional('ipv4Address', attachment.ipv4Address && setAddress(attachment.ipv4Address, subnets[key] ?? {})),
      ...optional('ipv6Address', attachment.ipv6Address),
      ...optional('linkLocalIps', attachment.linkLocalIps),
      ...optional('driverOpts', attachment.driverOpts),
    };
  });
}

/** The file's IPAM with each subnet this set was given instead, and the addresses in it moved along. */
/** A service's fixed address, moved into the subnet this set has (when it lies in a moved one). */
function setAddress(address: string, moved: Record<string, string>): string {
  for (const [from, to] of Object.entries(moved)) {
    const relocated = relocateAddress(address, from, to);
    if (relocated !== address || from === to) return relocated;
  }
  return address;
}

/** KEY=VALUE sorted by key (order in the file means nothing); unset (null) variables are left out. */
function environment(env: Record<string, string | null>): string[] {
  return Object.keys(env)
    .sort()
    .flatMap((key) => {
      const value = env[key];
      return value === null || value === undefined ? [] : [`${key}=${value}`];
    });
}

function healthcheck(check: Healthcheck | 'disabled' | undefined): HealthcheckSpec | 'disabled' | undefined {
  if (check === undefined || check === 'disabled') return check;
  return {
    test: [...check.test],
    intervalMs: check.intervalMs,
    timeoutMs: check.timeoutMs,
    retries: check.retries,
    startPeriodMs: check.startPeriodMs,
  };
}

function restartPolicy(restart: Service['restart']): ContainerSpec['restart'] {
  if (restart === 'on-failure') return { name: 'on-failure' };
  if (restart.startsWith('on-failure:')) {
    return { name: 'on-failure', maxRetries: Number(restart.slice('on-failure:'.length)) };
  }
  return { name: restart as 'no' | 'always' | 'unless-stopped' };
}
