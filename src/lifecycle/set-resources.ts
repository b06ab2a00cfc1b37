/**
 * Finds what a set owns on the engine, by labels, every time: nothing is cached between commands.
 */
import type { ContainerSummary, Engine, NetworkSummary, VolumeSummary } from '../engine/engine.js';
import { LABEL, setSelector } from '../plan/labels.js';

export interface SetResources {
  containers: ContainerSummary[];
  networks: NetworkSummary[];
  volumes: VolumeSummary[];
}

export async function findSetResources(engine: Engine, project: string, set: string): Promise<SetResources> {
  const selector = setSelector(project, set);
  const [containers, networks, volumes] = await Promise.all([
    engine.listContainers(selector),
    engine.listNetworks(selector),
    engine.listVolumes(selector),
  ]);
  return { containers: sortContainers(containers), networks, volumes };
}

export function serviceOf(container: ContainerSummary): string {
  return container.labels[LABEL.service] ?? '';
}

export function replicaOf(container: ContainerSummary): number {
  return Number(container.labels[LABEL.number] ?? '1');
}

/** Containers by service name, each list ordered by replica number. */
export function byService(containers: ContainerSummary[]): Map<string, ContainerSummary[]> {
  const out = new Map<string, ContainerSummary[]>();
  for (const c of sortContainers(containers)) {
    const list = out.get(serviceOf(c)) ?? [];
    list.push(c);
    out.set(serviceOf(c), list);
  }
  return out;
}

function sortContainers(containers: ContainerSummary[]): ContainerSummary[] {
  return [...containers].sort(
    (a, b) => serviceOf(a).localeCompare(serviceOf(b)) || replicaOf(a) - replicaOf(b),
  );
}
