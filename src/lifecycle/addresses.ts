/**
 * Loopback addresses of a set's service replicas: kept from the set's labels and folder
 * (stable for the set's life), new ones allocated away from every other set's.
 */
import type { Project } from '../model/project.js';
import { allocateAddresses } from '../plan/address-allocator.js';
import { LABEL, managedSelector } from '../plan/labels.js';
import { replicaKey } from '../plan/set-plan.js';
import type { SetContext } from './set-context.js';

export async function setAddresses(ctx: SetContext, project: Project): Promise<Record<string, string>> {
  const [all, record] = await Promise.all([ctx.engine.listContainers(managedSelector()), ctx.folder.read()]);
  const existing: Record<string, string> = { ...(record?.addresses ?? {}) };
  const taken = new Set<string>();
  for (const c of all) {
    const address = c.labels[LABEL.address];
    if (!address) continue;
    const mine = c.labels[LABEL.project] === ctx.projectName && c.labels[LABEL.set] === ctx.set;
    if (mine) {
      existing[replicaKey(ctx.projectName, ctx.set, c.labels[LABEL.service] ?? '', Number(c.labels[LABEL.number] ?? 1))] =
        address;
    } else {
      taken.add(address);
    }
  }
  // An address another set took while this one was destroyed is given up, not shared.
  for (const [key, address] of Object.entries(existing)) if (taken.has(address)) delete existing[key];

  const keys = Object.values(project.services).flatMap((s) =>
    Array.from({ length: s.replicas }, (_, i) => replicaKey(ctx.projectName, ctx.set, s.name, i + 1)),
  );
  const addresses = allocateAddresses({ keys, seed: `${ctx.projectName}/${ctx.set}`, existing, taken });
  await ctx.folder.update((r) => ({ ...r, addresses: { ...r.addresses, ...addresses } }));
  return addresses;
}

