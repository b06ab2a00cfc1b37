/**
 * The whole of a set in one value: what to create and in which order. Lifecycle compares it
 * with what the engine reports (by labels and config hash) to decide what to do.
 */
import type { Project, Service } from '../model/project.js';
import { configHash } from './config-hash.js';
import { LABEL } from './labels.js';
import { containerSpec, type MaterialisedFile, type PublishMode } from './container-spec.js';
import { networkSpecs, volumeSpecs, type SetSubnets } from './resource-specs.js';
import { dependencyWaves } from './graph.js';
import type { ContainerSpec, Labels, NetworkSpec, VolumeSpec } from './specs.js';

export interface SetPlanInput {
  project: Project;
  set: string;
  /** replicaKey -> loopback address, from allocateAddresses. Every replica needs one. */
  addresses: Record<string, string>;
  /** Service -> image reference to run; a service missing here runs the file's `image`. */
  images: Record<string, string>;
  publish: PublishMode;
  /** Service -> configs and secrets already written to the host. */
  files?: Record<string, MaterialisedFile[]>;
  /** Service -> environment variables that carry set secrets, resolved. */
  secretEnvironment?: Record<string, Record<string, string>>;
  /** Added to every container, network and volume (e.g. the test-suite marker). */
  extraLabels?: Labels;
  /** Subnets this set has instead of the file's (see plan/ipam.ts); default: the file's. */
  subnets?: SetSubnets;
  /** The set's UID for services marked x-testbed arbitrary_uid. */
  arbitraryUid?: number;
  /** Only these services get containers (up or create of some services); default: all. */
  services?: string[];
}

export interface SetPlan {
  networks: NetworkSpec[];
  volumes: VolumeSpec[];
  /** Service names in start order; services of one wave can start in parallel. */
  waves: string[][];
  /** Service -> one spec per replica, by replica number. */
  containers: Record<string, ContainerSpec[]>;
}

/** The address-allocator key of one replica. */
export function replicaKey(project: string, set: string, service: string, n: number): string {
  return `${project}/${set}/${service}/${n}`;
}

/** Keys of every replica of every active service, sorted: what to ask the allocator for. */
export function replicaKeys(project: Project, set: string): string[] {
  return Object.values(project.services)
    .flatMap((service) =>
      Array.from({ length: service.replicas }, (_, i) => replicaKey(project.name, set, service.name, i + 1)),
    )
    .sort();
}

/**
 * A container that shares another's namespaces or volumes (network_mode/pid/ipc service:,
 * volumes_from) holds on to that container: when it is made again, so must this one be. The
 * other's config hash goes into this one's labels, so a change there changes this hash too.
 * Services are handled in dependency order, so a chain of them passes a change all along.
 */
function joinedHashes(project: Project, containers: Record<string, ContainerSpec[]>): void {
  for (const wave of dependencyWaves(project.services)) {
    for (const name of wave) {
      const joined = sharedServices(project.services[name]!);
      if (joined.length === 0) continue;
      for (const spec of containers[name] ?? []) {
        const hashes = joined.map((other) => containers[other]?.[0]?.labels[LABEL.configHash] ?? '').join(',');
        const labels: Labels = { ...spec.labels, [LABEL.joins]: hashes };
        spec.labels = Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]!]));
        spec.labels[LABEL.configHash] = configHash(spec);
      }
    }
  }
}

function sharedServices(service: Service): string[] {
  const c = service.container;
  const names = [service.networkMode, c.pid, c.ipc].flatMap((v) => (v && typeof v === 'object' ? [v.service] : []));
  names.push(...c.volumesFrom.map((v) => v.service));
  return [...new Set(names)].sort();
}

export function planSet(input: SetPlanInput): SetPlan {
  const { project, set } = input;
  const containers: Record<string, ContainerSpec[]> = {};
  const selected = new Set(input.services ?? Object.keys(project.services));
  for (const name of Object.keys(project.services).sort()) {
    // Services left out have no image resolved for this run, and are not touched.
    if (!selected.has(name)) continue;
    const service = project.services[name]!;
    const image = input.images[name] ?? service.image;
    // Both are the caller's duty (images resolved, addresses allocated), not the user's.
    if (image === undefined) throw new Error(`planSet: no image given for service ${name}`);
    containers[name] = Array.from({ length: service.replicas }, (_, i) => {
      const key = replicaKey(project.name, set, name, i + 1);
      const address = input.addresses[key];
      if (address === undefined) throw new Error(`planSet: no address allocated for ${key}`);
      return containerSpec({
        project,
        set,
        service,
        replica: i + 1,
        address,
        image,
        publish: input.publish,
        ...(input.extraLabels ? { extraLabels: input.extraLabels } : {}),
        ...(input.files?.[name] ? { files: input.files[name] } : {}),
        ...(input.secretEnvironment?.[name] ? { secretEnvironment: input.secretEnvironment[name] } : {}),
        ...(input.subnets ? { subnets: input.subnets } : {}),
        ...(input.arbitraryUid !== undefined ? { arbitraryUid: input.arbitraryUid } : {}),
      });
    });
  }
  joinedHashes(project, containers);
  return {
    networks: networkSpecs(project, set, input.extraLabels, input.subnets),
    volumes: volumeSpecs(project, set, input.extraLabels),
    waves: dependencyWaves(project.services),
    containers,
  };
}
