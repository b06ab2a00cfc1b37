/**
 * Engine names and DNS names of a set's objects. Every name is derived from the project,
 * the set and the file's keys alone, so any command can find a set's objects again.
 */
import { UsageError } from '../common/errors.js';
import type { Project } from '../model/project.js';

/**
 * A DNS label (so `<service>.<set>.lan` resolves), kept short so that container names
 * built from it stay readable: a letter, then lowercase letters, digits and '-', 1..40 chars,
 * not ending in '-'.
 */
export const SET_NAME_PATTERN = /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export function validateSetName(name: string): void {
  if (SET_NAME_PATTERN.test(name)) return;
  throw new UsageError(`invalid set name ${JSON.stringify(name)}`, {
    hint:
      'A set name is a DNS label: 1 to 40 characters, lowercase letters a-z, digits and "-", ' +
      'starting with a letter and not ending with "-" (for example: demo, pr-42).',
  });
}

export function containerName(project: string, set: string, service: string, n: number): string {
  return `${project}-${set}-${service}-${n}`;
}

/** For a network the file declares (or the implicit `default`); external networks keep their own name. */
export function networkName(project: string, set: string, network: string): string {
  return `${project}-${set}-${network}`;
}

/** For a named volume the file declares; external volumes keep their own name. */
export function volumeName(project: string, set: string, volume: string): string {
  return `${project}-${set}-${volume}`;
}

/** The engine name behind a network key of the file: set-scoped, or the external network's own. */
export function engineNetworkName(project: Project, set: string, key: string): string {
  const network = project.networks[key];
  if (network?.external) return network.externalName ?? network.name;
  // A `name:` the file gives is kept, with the set's name so that sets never share the network.
  if (network?.engineName) return `${network.engineName}-${set}`;
  return networkName(project.name, set, key);
}

/** The engine name behind a volume key of the file: set-scoped, or the external volume's own. */
export function engineVolumeName(project: Project, set: string, key: string): string {
  const volume = project.volumes[key];
  if (volume?.external) return volume.externalName ?? volume.name;
  if (volume?.engineName) return `${volume.engineName}-${set}`;
  return volumeName(project.name, set, key);
}

/** The engine name of a service's container: container_name with the set's name, or the set-scoped default. */
export function serviceContainerName(project: Project, set: string, service: string, n: number): string {
  const given = project.services[service]?.containerName;
  return given ? `${given}-${set}` : containerName(project.name, set, service, n);
}

/** The name other containers of the set (and the host, through `hosts`) use for a service. */
export function serviceDomain(service: string, set: string): string {
  return `${service}.${set}.lan`;
}

/** The name of one replica, for services scaled beyond one. */
export function replicaDomain(service: string, n: number, set: string): string {
  return `${service}-${n}.${set}.lan`;
}

/**
 * Built images are shared by every set of a project (same sources, same image), so the
 * repository names project and service but not the set. Image repositories must be lowercase.
 */
export function builtImageRepository(project: string, service: string): string {
  return `testbed/${project}-${service}`.toLowerCase();
}

/** Tagged with the source hash, so an unchanged service is found instead of rebuilt. */
export function builtImageTag(project: string, service: string, buildHash: string): string {
  return `${builtImageRepository(project, service)}:${buildHash.slice(0, 12)}`;
}
