/** The top-level networks, volumes, configs and secrets of a project. */
import { asBoolean } from '../config/schema/primitives.js';
import type { ComposeFile } from '../config/schema/compose.js';
import { positionAt } from '../config/config-tree.js';
import { hostPath } from './host-path.js';
import { labelMap } from './key-values.js';
import type { NormalizeContext } from './normalize-context.js';
import type { FileObject, Network, NetworkIpam, Volume } from './project.js';

type External = boolean | string | { name?: string | undefined } | undefined;

type Kind = 'networks' | 'volumes' | 'configs' | 'secrets';

/**
 * `external: true` with `name:`, or the legacy `external: {name}`. Both names given and
 * different is an error (Compose refuses it too).
 */
function externalOf(kind: Kind, key: string, external: External, name: string | undefined, ctx: NormalizeContext): { external: boolean; externalName?: string } {
  if (external === undefined) return { external: false };
  if (typeof external === 'object') {
    if (external.name !== undefined && name !== undefined && external.name !== name) {
      ctx.diagnostics.error([kind, key, 'external', 'name'], `is "${external.name}" but ${kind}.${key}.name is "${name}"; give the name once, as name: (external.name is the old form)`);
    }
    const legacy = external.name ?? name;
    return legacy ? { external: true, externalName: legacy } : { external: true };
  }
  const yes = asBoolean(external, false);
  return yes && name ? { external: true, externalName: name } : { external: yes };
}

/** An external resource exists already: settings for making it mean nothing, and Compose refuses them. */
function refuseSettingsOfExternal(kind: Kind, key: string, value: Record<string, unknown> | null | undefined, keys: string[], ctx: NormalizeContext): void {
  for (const setting of keys) {
    if (value?.[setting] !== undefined) {
      ctx.diagnostics.error([kind, key, setting], `cannot be set on an external ${kind.slice(0, -1)}: it exists already and is used as it is; remove ${setting} or external`);
    }
  }
}

/** A `name:` for a resource Testbed makes per set is used with the set's name appended, and the warning says so. */
function setScopedName(kind: Kind, key: string, name: string | undefined, external: boolean, ctx: NormalizeContext): { engineName?: string } {
  if (external || name === undefined) return {};
  ctx.diagnostics.warn([kind, key, 'name'], `each set makes the ${kind.slice(0, -1)} "${name}-<set>", so that sets do not share it; to share one ${kind.slice(0, -1)} between sets, declare it external`);
  return { engineName: name };
}

export function normalizeNetworks(raw: ComposeFile['networks'], ctx: NormalizeContext): Record<string, Network> {
  const out: Record<string, Network> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const external = externalOf('networks', name, value?.external, value?.name, ctx);
    if (external.external) refuseSettingsOfExternal('networks', name, value, ['driver', 'driver_opts', 'ipam', 'internal'], ctx);
    const network: Network = {
      name,
      internal: asBoolean(value?.internal, false),
      labels: labelMap(value?.labels),
      enableIpv6: asBoolean(value?.enable_ipv6, false),
      ...external,
      ...setScopedName('networks', name, value?.name, external.external, ctx),
    };
    if (value?.driver) network.driver = value.driver;
    if (value?.driver_opts) network.driverOpts = Object.fromEntries(Object.entries(value.driver_opts).map(([k, v]) => [k, String(v)]));
    if (value?.attachable !== undefined) network.attachable = asBoolean(value.attachable, false);
    if (value?.ipam) network.ipam = ipamOf(value.ipam);
    out[name] = network;
  }
  return out;
}

function ipamOf(raw: NonNullable<NonNullable<NonNullable<ComposeFile['networks']>[string]>['ipam']>): NetworkIpam {
  const out: NetworkIpam = {
    config: (raw.config ?? []).map((c) => {
      const entry: NetworkIpam['config'][number] = {};
      if (c.subnet !== undefined) entry.subnet = c.subnet;
      if (c.ip_range !== undefined) entry.ipRange = c.ip_range;
      if (c.gateway !== undefined) entry.gateway = c.gateway;
      if (c.aux_addresses !== undefined) entry.auxAddresses = c.aux_addresses;
      return entry;
    }),
  };
  if (raw.driver !== undefined) out.driver = raw.driver;
  if (raw.options !== undefined) out.options = raw.options;
  return out;
}

export function normalizeVolumes(raw: ComposeFile['volumes'], ctx: NormalizeContext): Record<string, Volume> {
  const out: Record<string, Volume> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const external = externalOf('volumes', name, value?.external, value?.name, ctx);
    if (external.external) refuseSettingsOfExternal('volumes', name, value, ['driver', 'driver_opts', 'labels'], ctx);
    const volume: Volume = {
      name,
      driverOpts: Object.fromEntries(Object.entries(value?.driver_opts ?? {}).map(([k, v]) => [k, String(v)])),
      labels: labelMap(value?.labels),
      ...external,
      ...setScopedName('volumes', name, value?.name, external.external, ctx),
    };
    if (value?.driver) volume.driver = value.driver;
    out[name] = volume;
  }
  return out;
}

export function normalizeFileObjects(
  kind: 'configs' | 'secrets',
  raw: ComposeFile['configs'],
  ctx: NormalizeContext,
): Record<string, FileObject> {
  const out: Record<string, FileObject> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const marks = value['x-testbed'] ?? {};
    const generated = marks.generate !== undefined || marks.derive !== undefined;
    const entry: FileObject = {
      name,
      external: externalOf(kind, name, value.external, value.name, ctx).external,
      template: asBoolean(marks.template, /\.(tmpl|liquid)$/.test(value.file ?? '')),
    };
    if (value['x-testbed']) entry.xTestbed = value['x-testbed'];
    if (value.file !== undefined) entry.file = hostPath(value.file, ctx);
    if (value.content !== undefined) {
      entry.content = value.content;
      const position = positionAt(ctx.diagnostics.tree, [kind, name, 'content']);
      if (position) entry.contentPosition = position;
    }
    if (value.environment !== undefined) {
      entry.environment = value.environment;
      const resolved = ctx.lookup(value.environment);
      if (resolved !== undefined) entry.value = resolved;
      if (!generated && ctx.lookup(value.environment) === undefined) {
        ctx.diagnostics.error([kind, name, 'environment'], `names the variable ${value.environment}, which is not set; set it in the environment or in .env`);
      }
    }
    if (value.name !== undefined && !entry.external) entry.engineName = value.name;
    if (entry.external) {
      ctx.diagnostics.warn([kind, name, 'external'], `external ${kind} exist only in Docker Swarm; Testbed cannot use them`);
    }
    out[name] = entry;
  }
  return out;
}
