/**
 * The subnets a set uses for networks whose file gives ipam subnets. A set keeps what its
 * network already has; a new one takes the file's subnet when no other network on the engine
 * overlaps it, else the next free block of the same size (plan/ipam.ts), and says so.
 * Networks without ipam are left to the engine (or to per-set address pools).
 */
import { TestbedError } from '../common/errors.js';
import type { Project } from '../model/project.js';
import { chooseSubnet, formatCidr, parseCidr } from '../plan/ipam.js';
import type { SetSubnets } from '../plan/resource-specs.js';
import { engineNetworkName } from '../plan/names.js';
import type { EventSink } from './events.js';
import type { SetContext } from './set-context.js';

export async function setSubnets(ctx: SetContext, project: Project, events?: EventSink): Promise<SetSubnets> {
  const wanted = Object.values(project.networks).filter((n) => !n.external && n.ipam?.config.some((c) => c.subnet && parseCidr(c.subnet)));
  if (wanted.length === 0) return {};
  const all = await ctx.engine.listNetworks({});
  const out: SetSubnets = {};
  const taken: string[] = [];
  const own = new Map(wanted.map((n) => [engineNetworkName(project, ctx.set, n.name), n.name]));
  for (const network of all) if (!own.has(network.name)) taken.push(...network.subnets);
  for (const network of wanted) {
    const name = engineNetworkName(project, ctx.set, network.name);
    const existing = all.find((n) => n.name === name);
    const moved: Record<string, string> = {};
    network.ipam!.config.forEach((config, index) => {
      if (!config.subnet || !parseCidr(config.subnet)) return;
      // A network made before keeps its subnets: the set's addresses must not change under it.
      const kept = existing?.subnets[index];
      const chosen = kept ?? chooseSubnet(config.subnet, taken);
      if (chosen === undefined) {
        throw new TestbedError('NETWORKS_EXHAUSTED', `networks.${network.name}: no subnet of the size of ${config.subnet} is free for set ${ctx.set}; other networks on the engine overlap it and every block like it`, {
          hint: 'Remove sets you no longer need (testbed destroy), or give the network a larger private range to move in.',
        });
      }
      if (!kept && chosen !== formatCidr(parseCidr(config.subnet)!)) {
        events?.({ kind: 'warning', message: `networks.${network.name}: ${config.subnet} is in use by another network on the engine, so set ${ctx.set} uses ${chosen}; the addresses the file pins in it (ipv4_address, gateway...) keep their place in the new subnet` });
      }
      moved[config.subnet] = chosen;
      taken.push(chosen);
    });
    out[network.name] = moved;
  }
  return out;
}
