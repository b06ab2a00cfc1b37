/** The top-level networks, volumes, configs and secrets of a project. */
import { isAbsolute, resolve } from 'node:path';
import { asBoolean } from '../config/schema/primitives.js';
import type { ComposeFile } from '../config/schema/compose.js';
import { positionAt } from '../config/config-tree.js';
import { labelMap } from './key-values.js';
import type { NormalizeContext } from './normalize-context.js';
import type { FileObject, Network, NetworkIpam, Volume } from './project.js';

type External = boolean | string | { name?: string | undefined } | undefined;

/** `external: true` with `name:`, or the legacy `external: {name}`. */
function externalOf(external: External, name: string | undefined): { external: boolean; externalName?: string } {
  if (external === undefined) return { external: false };
  if (typeof external === 'object') {
    const legacy = external.name ?? name;
    return legacy ? { external: true, externalName: legacy } : { external: true };
  }
  const yes = asBoolean(external, false);
  return yes && name ? { external: true, externalName: name } : { external: yes };
}

export function normalizeNetworks(raw: ComposeFile['networks']): Record<string, Network> {
  const out: Record<string, Network> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const network: Network = {
      name,
      internal: asBoolean(value?.internal, false),
      labels: labelMap(value?.labels),
      enableIpv6: asBoolean(value?.enable_ipv6, false),
      ...externalOf(value?.external, value?.name),
    };
    if (value?.driver) network.driver = value.driver;
    if (value?.ipam) network.ipam = normalizeIpam(value.ipam);
    out[name] = network;
  }
  return out;
}

function normalizeIpam(ipam: NonNullable<NonNullable<ComposeFile['networks']>[string]>['ipam']): NetworkIpam {
  const config = (ipam?.config ?? []).map((c) => ({
    ...(c.subnet ? { subnet: c.subnet } : {}),
    ...(c.ip_range ? { ipRange: c.ip_range } : {}),
    ...(c.gateway ? { gateway: c.gateway } : {}),
  }));
  return { ...(ipam?.driver ? { driver: ipam.driver } : {}), config };
}

export function normalizeVolumes(raw: ComposeFile['volumes']): Record<string, Volume> {
  const out: Record<string, Volume> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const volume: Volume = {
      name,
      driverOpts: Object.fromEntries(Object.entries(value?.driver_opts ?? {}).map(([k, v]) => [k, String(v)])),
      labels: labelMap(value?.labels),
      ...externalOf(value?.external, value?.name),
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
      external: externalOf(value.external, value.name).external,
      template: asBoolean(marks.template, /\.(tmpl|liquid)$/.test(value.file ?? '')),
    };
    if (value['x-testbed']) entry.xTestbed = value['x-testbed'];
    if (value.file !== undefined) entry.file = isAbsolute(value.file) ? value.file : resolve(ctx.directory, value.file);
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
    if (entry.external) {
      ctx.diagnostics.warn([kind, name, 'external'], `external ${kind} exist only in Docker Swarm; Testbed cannot use them`);
    }
    out[name] = entry;
  }
  return out;
}
