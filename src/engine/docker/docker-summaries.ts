/**
 * The engine's JSON -> Testbed's summaries. Podman's Docker-compatible API differs in small
 * ways (health under State.Healthcheck in older versions, null lists, "" health status),
 * which are absorbed here.
 */
import type Docker from 'dockerode';
import type { Labels } from '../../plan/specs.js';
import type {
  ContainerDetails,
  ContainerMount,
  ContainerState,
  ContainerSummary,
  FileChange,
  ImageSummary,
  NetworkSummary,
  PublishedPort,
  VolumeSummary,
} from '../engine.js';
import { EXTRA_NETWORKS_LABEL } from './container-create-options.js';

type Health = ContainerSummary['health'];

const STATES: ReadonlySet<string> = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

/** Docker's filter for "has all these labels". */
export function labelFilter(labels: Labels): { label: string[] } {
  return { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
}

export function toContainerSummary(info: Docker.ContainerInfo): ContainerSummary {
  return {
    id: info.Id,
    name: (info.Names?.[0] ?? '').replace(/^\//, ''),
    image: info.Image,
    state: toState(info.State),
    ...optionalHealth(healthFromStatus(info.Status)),
    labels: ownLabels(info.Labels),
    createdAt: new Date(info.Created * 1000),
  };
}

export function toContainerDetails(info: Docker.ContainerInspectInfo): ContainerDetails {
  const state = info.State as Docker.ContainerInspectInfo['State'] & { Healthcheck?: Docker.ContainerInspectInfo['State']['Health'] };
  const health = state.Health ?? state.Healthcheck;
  const networks: Record<string, string> = {};
  const networkIds: Record<string, string> = {};
  for (const [name, net] of Object.entries(info.NetworkSettings?.Networks ?? {})) {
    networks[name] = net.IPAddress ?? '';
    networkIds[name] = net.NetworkID ?? '';
  }
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    imageId: info.Image,
    state: toState(state.Status),
    ...optionalHealth(toHealth(health?.Status)),
    labels: ownLabels(info.Config.Labels),
    createdAt: new Date(info.Created),
    exitCode: state.ExitCode,
    restartCount: info.RestartCount ?? 0,
    ...optionalDate('startedAt', state.StartedAt),
    ...optionalDate('finishedAt', state.FinishedAt),
    healthLog: (health?.Log ?? []).map((l) => ({ exitCode: l.ExitCode, output: l.Output })),
    ports: toPorts(info.NetworkSettings?.Ports),
    portBindings: toPorts(info.HostConfig?.PortBindings as Docker.ContainerInspectInfo['NetworkSettings']['Ports'] | undefined),
    networks,
    networkIds,
    path: info.Path,
    args: info.Args ?? [],
    env: info.Config.Env ?? [],
    mounts: (info.Mounts ?? []).map(toMount),
    user: info.Config.User ?? '',
    workingDir: info.Config.WorkingDir ?? '',
    capAdd: info.HostConfig?.CapAdd ?? [],
    privileged: info.HostConfig?.Privileged ?? false,
    readOnlyRootfs: info.HostConfig?.ReadonlyRootfs ?? false,
  };
}

function toMount(m: Docker.ContainerInspectInfo['Mounts'][number]): ContainerMount {
  return {
    type: m.Type as ContainerMount['type'],
    ...(m.Name ? { name: m.Name } : {}),
    source: m.Source,
    destination: m.Destination,
    readOnly: !m.RW,
  };
}

export function toNetworkSummary(info: Docker.NetworkInspectInfo): NetworkSummary {
  const subnets = (info.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => typeof s === 'string' && s !== '');
  return {
    id: info.Id,
    name: info.Name,
    labels: info.Labels ?? {},
    internal: info.Internal ?? false,
    subnets,
    ...optionalDate('createdAt', info.Created),
  };
}

export function toVolumeSummary(info: Docker.VolumeInspectInfo & { CreatedAt?: string; Options?: Record<string, string> | null }): VolumeSummary {
  return {
    name: info.Name,
    labels: info.Labels ?? {},
    ...optionalDate('createdAt', info.CreatedAt),
    ...(info.Driver ? { driver: info.Driver } : {}),
    ...(info.Options ? { options: info.Options } : {}),
    ...(info.Mountpoint ? { mountpoint: info.Mountpoint } : {}),
  };
}

export function toImageSummary(info: {
  Id: string;
  RepoTags?: string[] | null;
  Labels?: Labels | null;
  Config?: { Labels?: Labels | null; User?: string; WorkingDir?: string };
  Size: number;
  /** Unix seconds in lists, an ISO date in inspect. */
  Created?: number | string;
}): ImageSummary {
  const created = typeof info.Created === 'number' ? new Date(info.Created * 1000) : info.Created ? new Date(info.Created) : undefined;
  return {
    id: info.Id,
    tags: (info.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
    labels: info.Labels ?? info.Config?.Labels ?? {},
    sizeBytes: info.Size,
    ...(info.Config ? { user: info.Config.User ?? '', workingDir: info.Config.WorkingDir ?? '' } : {}),
    ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
  };
}

function toPorts(ports: Docker.ContainerInspectInfo['NetworkSettings']['Ports'] | undefined): PublishedPort[] {
  const published: PublishedPort[] = [];
  for (const [containerPort, bindings] of Object.entries(ports ?? {})) {
    for (const b of bindings ?? []) {
      published.push({ containerPort, hostIp: b.HostIp ?? '', hostPort: Number(b.HostPort) || 0 });
    }
  }
  return published;
}

/** The engine's bookkeeping label is not part of what the plan asked for. */
function ownLabels(labels: Labels | null | undefined): Labels {
  const { [EXTRA_NETWORKS_LABEL]: _, ...rest } = labels ?? {};
  return rest;
}

function toState(status: string): ContainerState {
  const s = status.toLowerCase();
  // Podman says "configured" and "stopped" where Docker says "created" and "exited".
  if (s === 'configured' || s === 'initialized') return 'created';
  if (s === 'stopped' || s === 'stopping') return 'exited';
  return STATES.has(s) ? (s as ContainerState) : 'dead';
}

function toHealth(status: string | undefined): Health {
  return status === 'starting' || status === 'healthy' || status === 'unhealthy' ? status : undefined;
}

/** The list endpoint has no health field, only "Up 3 seconds (health: starting)". */
function healthFromStatus(status: string | undefined): Health {
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(status ?? '');
  if (!m) return undefined;
  return m[1] === 'health: starting' ? 'starting' : (m[1] as Health);
}

function optionalHealth(health: Health): { health?: NonNullable<Health> } {
  return health ? { health } : {};
}

/** The engine writes 0001-01-01T00:00:00Z for "never". */
function optionalDate<K extends string>(key: K, value: string | undefined): Partial<Record<K, Date>> {
  if (!value || value.startsWith('0001-')) return {};
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? {} : ({ [key]: date } as Record<K, Date>);
}

/**
 * The engine's change kinds: 0 changed, 1 added, 2 deleted. No change at all comes as `null`,
 * which dockerode hands over as a buffer rather than parsed: anything but a list is no change.
 */
export function toFileChanges(list: unknown): FileChange[] {
  const kinds = ['changed', 'added', 'deleted'] as const;
  if (!Array.isArray(list)) return [];
  return (list as { Path?: unknown; Kind?: unknown }[])
    .filter((c) => typeof c?.Path === 'string')
    .map((c) => ({ path: c.Path as string, kind: kinds[Number(c.Kind)] ?? 'changed' }));
}
