/**
 * Which images `up` builds: services whose builds are the same (context files, Dockerfile,
 * args, target, labels: the same source hash) are built once and share the image, each
 * under its own tag, so everything that names a service's image keeps working.
 */
import type { Project } from '../model/project.js';
import { canonicalJson } from '../plan/config-hash.js';
import { buildHash } from './build-hash.js';

export interface PlannedBuild {
  /** The build's source hash. */
  hash: string;
  /** Services that run the image, in the order given; the first one's tag is built. */
  services: string[];
}

/** One build per distinct source hash, for the services given that have a build section. */
export async function planBuilds(project: Project, services: string[]): Promise<PlannedBuild[]> {
  const built = services.filter((name) => project.services[name]?.build);
  // Hash each distinct build section once: hashing reads the whole context.
  const hashes = new Map<string, Promise<string>>();
  const hashOf = (name: string) => {
    const build = project.services[name]!.build!;
    const key = canonicalJson(build);
    if (!hashes.has(key)) hashes.set(key, buildHash(build));
    return hashes.get(key)!;
  };
  const byHash = new Map<string, string[]>();
  for (const [name, hash] of await Promise.all(built.map(async (name) => [name, await hashOf(name)] as const))) {
    byHash.set(hash, [...(byHash.get(hash) ?? []), name]);
  }
  return [...byHash].map(([hash, names]) => ({ hash, services: names }));
}
