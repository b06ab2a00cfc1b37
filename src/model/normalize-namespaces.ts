/**
 * The service keys that share something with another container: network_mode, pid and ipc
 * (`service:NAME`), links and volumes_from. Inside a set, they name another service of the
 * same set; what would reach outside the set (the host's network, another project's
 * container) is refused with the reason, since sets must not see each other.
 */
import type { Path } from '../config/config-tree.js';
import type { ComposeService } from '../config/schema/service.js';
import type { NetworkMode, ServiceNamespace } from './container-options.js';
import type { NormalizeContext } from './normalize-context.js';

/** `service:NAME`, or one of the modes allowed for the key; anything else is an error. */
export function namespaceOf(path: Path, value: string, modes: readonly string[], ctx: NormalizeContext): string | ServiceNamespace | undefined {
  if (value.startsWith('service:')) return { service: value.slice('service:'.length) };
  if (value.startsWith('container:')) {
    ctx.diagnostics.error(path, `"${value}" joins a container outside the set, which every set would share; use service:NAME with a service of this file`);
    return undefined;
  }
  if (value === 'host' && !modes.includes('host')) {
    ctx.diagnostics.error(path, '"host" shares the host\'s namespace with every set, so sets would not be isolated; leave it out, or use service:NAME to share with another service of the set');
    return undefined;
  }
  if (!modes.includes(value)) {
    ctx.diagnostics.error(path, `"${value}" is not a mode Testbed supports here; expected ${[...modes, 'service:NAME'].join(', ')}`);
    return undefined;
  }
  return value;
}

/** network_mode: `none` and `service:NAME` are acted on; `host` and `container:` are refused; `bridge`/`default` mean the set's networks. */
export function networkModeOf(name: string, raw: ComposeService, ctx: NormalizeContext): NetworkMode | undefined {
  const value = raw.network_mode;
  if (value === undefined) return undefined;
  const path = ['services', name, 'network_mode'];
  if (value === 'host') {
    ctx.diagnostics.error(path, '"host" is refused: a service on the host\'s network would share ports and addresses with every other set, so sets could not run side by side; leave network_mode out and publish the ports you need (ports: ["8080:80"]): each set gets them on its own loopback address');
    return undefined;
  }
  if (value === 'bridge' || value === 'default') {
    ctx.diagnostics.warn(path, `"${value}" is taken as the set's default network: each set has its own, so that sets never see each other`);
    return undefined;
  }
  const found = namespaceOf(path, value, ['none'], ctx);
  if (found === undefined) return undefined;
  const mode: NetworkMode = typeof found === 'string' ? 'none' : found;
  if (raw.networks !== undefined) ctx.diagnostics.error(path, 'cannot be used together with networks: a service that shares another\'s network (or has none) joins no network of its own; remove one of them');
  const label = mode === 'none' ? 'has no network' : `shares the network of ${mode.service}`;
  const other = mode === 'none' ? 'a service with a network' : mode.service;
  if ((raw.ports ?? []).length > 0) ctx.diagnostics.error(['services', name, 'ports'], `cannot be published: the service ${label}; publish them on ${other}`);
  return mode;
}

/** `db` or `db:alias`. */
export function serviceLinks(links: readonly string[]): { service: string; alias: string }[] {
  return links.map((link) => {
    const [service = '', alias] = link.split(':');
    return { service, alias: alias ?? service };
  });
}

/** `service`, `service:ro|rw`, `service:NAME[:ro]`; `container:NAME` reaches outside the set and is refused. */
export function volumesFrom(name: string, entries: readonly string[], ctx: NormalizeContext): { service: string; readOnly: boolean }[] {
  const out: { service: string; readOnly: boolean }[] = [];
  entries.forEach((entry, i) => {
    const parts = entry.split(':');
    if (parts[0] === 'container') {
      ctx.diagnostics.error(['services', name, 'volumes_from', i], `"${entry}" takes the volumes of a container outside the set, which every set would share; name a service of this file instead`);
      return;
    }
    const [service = '', mode] = parts[0] === 'service' ? parts.slice(1) : parts;
    out.push({ service, readOnly: mode === 'ro' });
  });
  return out;
}

/** Services this one shares a namespace, volumes or links with: they must be started first (Compose adds them to depends_on). */
export function impliedDependencies(raw: ComposeService): string[] {
  const names: string[] = [];
  for (const value of [raw.network_mode, raw.pid ?? undefined, raw.ipc]) {
    if (value?.startsWith('service:')) names.push(value.slice('service:'.length));
  }
  names.push(...serviceLinks(raw.links ?? []).map((l) => l.service));
  for (const entry of raw.volumes_from ?? []) {
    const parts = entry.split(':');
    if (parts[0] !== 'container') names.push(parts[0] === 'service' ? parts[1] ?? '' : parts[0]!);
  }
  return [...new Set(names)];
}
