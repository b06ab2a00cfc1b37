/**
 * ContainerSpec -> the body of POST /containers/create (Docker Engine API 1.41).
 * Pure, so the translation is unit-tested without an engine.
 */
import type { ContainerSpec, HealthcheckSpec, MountSpec, NetworkAttachment } from '../../plan/specs.js';
import { toHostFields } from './host-config.js';

/**
 * Networks beyond the first cannot be given at create time before API 1.44, so they are
 * recorded on the container and connected by startContainer(), even from another process.
 */
export const EXTRA_NETWORKS_LABEL = 'dev.testbed.engine.extra-networks';

const NS_PER_MS = 1_000_000;

export interface EndpointSettings {
  Aliases?: string[];
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] };
  DriverOpts?: Record<string, string>;
}

export interface DockerMount {
  Type: 'volume' | 'bind' | 'tmpfs';
  Target: string;
  Source?: string;
  ReadOnly?: boolean;
  VolumeOptions?: { NoCopy: boolean };
  BindOptions?: { Propagation: string };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

export interface ContainerCreateBody {
  name: string;
  Image: string;
  Labels: Record<string, string>;
  Env: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  User?: string;
  WorkingDir?: string;
  Hostname?: string;
  Domainname?: string;
  ExposedPorts: Record<string, Record<string, never>>;
  Healthcheck?: { Test: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number };
  StopSignal?: string;
  StopTimeout?: number;
  HostConfig: {
    PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
    Mounts: DockerMount[];
    NetworkMode?: string;
    Init?: boolean;
    RestartPolicy: { Name: string; MaximumRetryCount?: number };
    CapAdd: string[];
    CapDrop: string[];
    ReadonlyRootfs: boolean;
    Tmpfs: Record<string, string>;
    ExtraHosts: string[];
    Memory?: number;
    NanoCpus?: number;
    PidsLimit?: number;
    [field: string]: unknown;
  };
  [field: string]: unknown;
  NetworkingConfig?: { EndpointsConfig: Record<string, EndpointSettings> };
}

/**
 * `image` is needed only for an explicit empty command: the engine replaces an empty Cmd with
 * the image's CMD unless the entrypoint is given too, so the image's entrypoint is restated.
 */
export function toCreateBody(spec: ContainerSpec, image?: { entrypoint?: string[] }): ContainerCreateBody {
  const [first, ...extra] = spec.networks;
  const labels = { ...spec.labels };
  if (extra.length > 0) labels[EXTRA_NETWORKS_LABEL] = JSON.stringify(extra);
  const host = toHostFields(spec.host);
  return omitUndefined({
    ...host.config,
    name: spec.name,
    Image: spec.image,
    Labels: labels,
    Env: [...spec.env],
    // undefined keeps the image's default; [] overrides it with nothing.
    Cmd: spec.command && [...spec.command],
    Entrypoint: spec.entrypoint ? [...spec.entrypoint] : spec.command?.length === 0 ? image?.entrypoint : undefined,
    User: spec.user,
    WorkingDir: spec.workingDir,
    Hostname: spec.hostname,
    Domainname: spec.domainname,
    ExposedPorts: Object.fromEntries(spec.exposedPorts.map((p) => [p, {}])),
    Healthcheck: spec.healthcheck === undefined ? undefined : toHealthcheck(spec.healthcheck),
    StopSignal: spec.stopSignal,
    StopTimeout: spec.stopTimeoutSeconds,
    HostConfig: omitUndefined({
      PortBindings: toPortBindings(spec),
      Mounts: spec.mounts.map(toMount),
      NetworkMode: spec.networkMode ?? first?.network,
      Init: spec.init,
      RestartPolicy: omitUndefined({
        Name: spec.restart.name,
        MaximumRetryCount: spec.restart.name === 'on-failure' ? spec.restart.maxRetries : undefined,
      }),
      CapAdd: [...spec.capAdd],
      CapDrop: [...spec.capDrop],
      ReadonlyRootfs: spec.readOnly,
      Tmpfs: { ...spec.tmpfs },
      ExtraHosts: [...spec.extraHosts],
      Memory: spec.memoryBytes,
      NanoCpus: spec.nanoCpus,
      PidsLimit: spec.pidsLimit,
      ...host.hostConfig,
    }),
    NetworkingConfig: first ? { EndpointsConfig: { [first.network]: toEndpointSettings(first) } } : undefined,
  });
}

/** Whether toCreateBody() needs the image's entrypoint for this spec. */
export function needsImageEntrypoint(spec: ContainerSpec): boolean {
  return spec.command?.length === 0 && spec.entrypoint === undefined;
}

export function toEndpointSettings(attachment: NetworkAttachment): EndpointSettings {
  const ipam = omitUndefined({ IPv4Address: attachment.ipv4Address, IPv6Address: attachment.ipv6Address, LinkLocalIPs: attachment.linkLocalIps });
  return omitUndefined({
    Aliases: attachment.aliases.length > 0 ? [...attachment.aliases] : undefined,
    IPAMConfig: Object.keys(ipam).length > 0 ? ipam : undefined,
    DriverOpts: attachment.driverOpts,
  });
}

/** The attachments startContainer() still has to make, as recorded by toCreateBody(). */
export function extraNetworksOf(labels: Record<string, string> | undefined): NetworkAttachment[] {
  const raw = labels?.[EXTRA_NETWORKS_LABEL];
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as NetworkAttachment[]) : [];
  } catch {
    return [];
  }
}

function toHealthcheck(health: HealthcheckSpec | 'disabled'): NonNullable<ContainerCreateBody['Healthcheck']> {
  if (health === 'disabled') return { Test: ['NONE'] };
  return {
    Test: [...health.test],
    Interval: health.intervalMs * NS_PER_MS,
    Timeout: health.timeoutMs * NS_PER_MS,
    Retries: health.retries,
    StartPeriod: health.startPeriodMs * NS_PER_MS,
  };
}

function toPortBindings(spec: ContainerSpec): ContainerCreateBody['HostConfig']['PortBindings'] {
  const bindings: ContainerCreateBody['HostConfig']['PortBindings'] = {};
  for (const b of spec.portBindings) {
    (bindings[b.containerPort] ??= []).push({ HostIp: b.hostIp, HostPort: b.hostPort });
  }
  return bindings;
}

function toMount(mount: MountSpec): DockerMount {
  switch (mount.type) {
    case 'volume':
      return {
        Type: 'volume',
        Source: mount.source,
        Target: mount.target,
        ReadOnly: mount.readOnly,
        VolumeOptions: { NoCopy: mount.noCopy },
      };
    case 'bind':
      return omitUndefined({
        Type: 'bind' as const,
        Source: mount.source,
        Target: mount.target,
        ReadOnly: mount.readOnly,
        BindOptions: mount.propagation ? { Propagation: mount.propagation } : undefined,
      });
    case 'tmpfs': {
      const options = omitUndefined({ SizeBytes: mount.sizeBytes, Mode: mount.mode });
      return omitUndefined({
        Type: 'tmpfs' as const,
        Target: mount.target,
        TmpfsOptions: Object.keys(options).length > 0 ? options : undefined,
      });
    }
  }
}

/** Drops keys whose value is undefined, so the body says only what the spec says. */
function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
