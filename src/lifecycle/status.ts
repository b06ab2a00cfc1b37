/**
 * `status`: what each service of a set is doing and where to reach it from the host.
 */
import type { ContainerState } from '../engine/engine.js';
import { LABEL } from '../plan/labels.js';
import { replicaDomain, serviceDomain } from '../plan/names.js';
import { findSetResources, replicaOf, serviceOf } from './set-resources.js';
import type { SetContext } from './set-context.js';
import { effectiveHealth } from './probe-record.js';

export interface ReplicaStatus {
  service: string;
  replica: number;
  container: string;
  state: ContainerState | 'missing';
  health?: 'starting' | 'healthy' | 'unhealthy';
  exitCode?: number;
  /** Restarts by the engine's restart policy since the last start, when there were any. */
  restarts?: number;
  /** The last output of the engine's health probe, when it says unhealthy. */
  healthOutput?: string;
  image: string;
  /** The replica's loopback address on the host. */
  address?: string;
  hostnames: string[];
  /** host ip:port -> container port, e.g. { host: '127.54.3.9:8080', container: '80/tcp' } */
  ports: { host: string; container: string }[];
}

export async function setStatus(ctx: SetContext): Promise<ReplicaStatus[]> {
  const { containers } = await findSetResources(ctx.engine, ctx.projectName, ctx.set);
  const rows = await Promise.all(
    containers.map(async (c): Promise<ReplicaStatus> => {
      const details = await ctx.engine.inspectContainer(c.id);
      const service = serviceOf(c);
      const replica = replicaOf(c);
      const health = details ? await effectiveHealth(ctx.folder, details) : c.health;
      const healthOutput = health === 'unhealthy' ? details?.healthLog.at(-1)?.output.trim() : undefined;
      return {
        service,
        replica,
        container: c.name,
        state: details?.state ?? c.state,
        health,
        exitCode: details?.state === 'exited' ? details.exitCode : undefined,
        ...(details?.restartCount ? { restarts: details.restartCount } : {}),
        ...(healthOutput ? { healthOutput } : {}),
        image: c.image,
        address: c.labels[LABEL.address],
        hostnames: [serviceDomain(service, ctx.set), replicaDomain(service, replica, ctx.set)],
        ports: (details?.ports ?? []).map((p) => ({ host: `${p.hostIp}:${p.hostPort}`, container: p.containerPort })),
      };
    }),
  );
  // Services of the file that have no container yet show as missing.
  for (const [name, service] of Object.entries(ctx.project?.services ?? {})) {
    for (let n = 1; n <= service.replicas; n++) {
      if (rows.some((r) => r.service === name && r.replica === n)) continue;
      rows.push({
        service: name,
        replica: n,
        container: '',
        state: 'missing',
        image: service.image ?? '(built)',
        hostnames: [serviceDomain(name, ctx.set), replicaDomain(name, n, ctx.set)],
        ports: [],
      });
    }
  }
  return rows.sort((a, b) => a.service.localeCompare(b.service) || a.replica - b.replica);
}
