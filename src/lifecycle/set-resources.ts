/**
 * Finds what a set owns on the engine, by labels, every time: nothing is cached between commands.
 */
import type { ContainerSummary, Engine, NetworkSummary, VolumeSummary } from '../engine/engine.js';
import { LABEL, setSelector } from '../plan/labels.js';

export interface SetResources {
  /** The service replicas. */
  containers: ContainerSummary[];
  /** One-off containers (a test or job in a new container), running or left over: never replicas. */
  oneOffs: ContainerSummary[];
  networks: NetworkSummary[];
  volumes: VolumeSummary[];
}

export async function findSetResources(engine: Engine, project: string, set: string): Promise<SetResources> {
  const selector = setSelector(project, set);
  const [all, networks, volumes] = await Promise.all([
    engine.listContainers(selector),
    engine.listNetworks(selector),
    engine.listVolumes(selector),
  ]);
  const oneOffs = all.filter((c) => c.labels[LABEL.run] !== undefined);
  const containers = all.filter((c) => c.labels[LABEL.run] === undefined);
  return { containers: sortContainers(containers), oneOffs, networks, volumes };
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
