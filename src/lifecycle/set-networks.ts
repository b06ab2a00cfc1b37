/**
 * A set's networks, found by labels and made when missing. The engine lets two networks share a
 * name (its duplicate check is not atomic: two `up` at once made two), and then every call that
 * names it fails with "network ... is ambiguous". So networks are told apart by ID: duplicates
 * are merged into one (the set's containers moved onto it) and the others removed.
 */
import type { ContainerSummary, Engine, NetworkSummary } from '../engine/engine.js';
import type { AddressPool } from '../plan/address-pool.js';
import { setSelector } from '../plan/labels.js';
import type { NetworkSpec } from '../plan/specs.js';
import type { EventSink } from './events.js';
import { createWithPoolSubnet, takesPoolSubnet } from './network-subnets.js';
import type { SetContext } from './set-context.js';

export async function convergeNetworks(
  ctx: SetContext,
  specs: NetworkSpec[],
  found: { networks: NetworkSummary[]; containers: ContainerSummary[] },
  events: EventSink,
  /** Testbed's address pool; undefined: the engine picks the networks' ranges. */
  pools?: AddressPool[],
): Promise<void> {
  await Promise.all(
    specs.map(async (spec) => {
      let same = found.networks.filter((n) => n.name === spec.name);
      if (same.length === 0) {
        same = await createNetwork(ctx, spec, pools);
        events({ kind: 'network', name: spec.name, action: 'created' });
      } else events({ kind: 'network', name: spec.name, action: 'exists' });
      if (same.length > 1) await mergeDuplicates(ctx.engine, same, found.containers, events);
    }),
  );
}

/** Made, then looked for again: a command without the set's lock (a library user) may have made it too. */
async function createNetwork(ctx: SetContext, spec: NetworkSpec, pools: AddressPool[] | undefined): Promise<NetworkSummary[]> {
  const find = async () => (await ctx.engine.listNetworks(setSelector(ctx.projectName, ctx.set))).filter((n) => n.name === spec.name);
  try {
    if (pools && takesPoolSubnet(spec)) await createWithPoolSubnet(ctx.engine, spec, pools, async () => (await find()).length > 0);
    else await ctx.engine.createNetwork(spec);
  } catch (err) {
    const there = await find();
    if (there.length > 0) return there;
    throw err;
  }
  return find();
}

/**
 * Keeps the network most of the set's containers are on (the oldest on a tie), moves the others'
 * containers onto it with their aliases and addresses, and removes the rest by ID.
 */
export async function mergeDuplicates(engine: Engine, networks: NetworkSummary[], containers: ContainerSummary[], events: EventSink): Promise<void> {
  const details = (await Promise.all(containers.map((c) => engine.inspectContainer(c.id)))).filter((d) => d !== undefined);
  const users = (n: NetworkSummary) => details.filter((d) => Object.values(d.networkIds).includes(n.id));
  const ranked = [...networks].sort(
    (a, b) => users(b).length - users(a).length || (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) || a.id.localeCompare(b.id),
  );
  const [kept, ...extra] = ranked as [NetworkSummary, ...NetworkSummary[]];
  for (const network of extra) {
    for (const container of users(network)) await engine.moveContainerNetwork(container.id, network.id, kept.id);
    await engine.removeNetwork(network.id);
    events({
      kind: 'warning',
      message: `network ${network.name} existed twice (made by two commands at once); kept ${kept.id.slice(0, 12)}, removed ${network.id.slice(0, 12)}`,
    });
  }
}
