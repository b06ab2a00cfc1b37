/**
 * What makes a set's output its own rather than its configuration's: its name, its containers'
 * names, ids and addresses, its networks' address ranges, its published ports, its secrets and
 * its folder. Read from the engine and the set's folder after its tests ran, for comparing sets.
 */
import { LABEL } from '../../plan/labels.js';
import { storedSecrets } from '../configure/secret-store.js';
import { findSetResources, replicaOf, serviceOf } from '../set-resources.js';
import type { SetContext } from '../set-context.js';

export interface ReplicaIdentity {
  service: string;
  /** Replica number, from 1. */
  number: number;
  containerId: string;
  /** Its loopback address on the host (absent with --publish ephemeral). */
  loopback?: string;
  /** Network key in the file -> its address on that network. */
  networkAddresses: Record<string, string>;
  /** "80/tcp" -> "127.0.0.1:49153", where the port is published on the host. */
  published: Record<string, string>;
}

export interface SetIdentity {
  project: string;
  set: string;
  replicas: ReplicaIdentity[];
  /** The address ranges (CIDR) of the set's own networks, by network key. */
  subnets: { network: string; cidr: string }[];
  /** Secret name -> value, as the set's folder keeps them. */
  secrets: Record<string, string>;
  folder: string;
}

export async function readSetIdentity(ctx: SetContext): Promise<SetIdentity> {
  const [{ containers, networks }, secrets] = await Promise.all([
    findSetResources(ctx.engine, ctx.projectName, ctx.set),
    storedSecrets(ctx.folder),
  ]);
  const keyOf = new Map(networks.map((n) => [n.name, n.labels[LABEL.network] ?? n.name]));
  const replicas = await Promise.all(
    containers.map(async (c): Promise<ReplicaIdentity> => {
      const details = await ctx.engine.inspectContainer(c.id);
      const networkAddresses: Record<string, string> = {};
      for (const [name, address] of Object.entries(details?.networks ?? {})) {
        if (address) networkAddresses[keyOf.get(name) ?? name] = address;
      }
      const published: Record<string, string> = {};
      for (const p of details?.ports ?? []) published[p.containerPort] = `${p.hostIp}:${p.hostPort}`;
      const loopback = c.labels[LABEL.address];
      return {
        service: serviceOf(c),
        number: replicaOf(c),
        containerId: c.id,
        ...(loopback ? { loopback } : {}),
        networkAddresses,
        published,
      };
    }),
  );
  const subnets = networks.flatMap((n) => n.subnets.map((cidr) => ({ network: keyOf.get(n.name)!, cidr })));
  return { project: ctx.projectName, set: ctx.set, replicas, subnets, secrets, folder: ctx.folder.path };
}
