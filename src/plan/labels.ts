/**
 * The labels that carry a set's state on the engine. Together with the per-set host
 * folder they are the only state: every command finds what a set owns through them.
 */
import type { Labels } from './specs.js';

const PREFIX = 'dev.testbed.';

export const LABEL = {
  /** Present on everything Testbed makes, so leftovers can be found. */
  managed: `${PREFIX}managed`,
  project: `${PREFIX}project`,
  set: `${PREFIX}set`,
  service: `${PREFIX}service`,
  /** Replica number, from 1. */
  number: `${PREFIX}number`,
  configHash: `${PREFIX}config-hash`,
  /** Config hashes of the containers this one shares namespaces or volumes with (network_mode service:...). */
  joins: `${PREFIX}joins`,
  /** The service replica's loopback address on the host. */
  address: `${PREFIX}address`,
  /** The key of a network or volume in the file. */
  network: `${PREFIX}network`,
  volume: `${PREFIX}volume`,
  /**
   * How the set was made (project directory, Compose files, env files, profiles), so `ls` can
   * say where a set came from and the engine alone can tell its recorded choices. Lists are
   * comma-separated, like Compose's config_files; env files and profiles only when there are some.
   */
  projectDirectory: `${PREFIX}project-directory`,
  configFiles: `${PREFIX}config-files`,
  envFiles: `${PREFIX}env-files`,
  profiles: `${PREFIX}profiles`,
  /** Source hash of a built image's context and options. */
  buildHash: `${PREFIX}build-hash`,
  /** On a one-off container (a test or job run in a new container): what it runs for, e.g. "test/db-rows". */
  run: `${PREFIX}run`,
  /** On a one-off container: the process that made it ("host:pid:start"), so a leftover can be told from a live run. */
  owner: `${PREFIX}owner`,
  /** Configs and secrets copied into the container before each start (JSON list of InjectedFile). */
  files: `${PREFIX}files`,
  /** On a container run under an arbitrary UID (x-testbed arbitrary_uid): the UID, chosen once per set. */
  arbitraryUid: `${PREFIX}arbitrary-uid`,
  /** Marks objects created by Testbed's own test suite. */
  test: `${PREFIX}test`,
} as const;

export function setSelector(project: string, set: string): Labels {
  return { [LABEL.project]: project, [LABEL.set]: set };
}

export function projectSelector(project: string): Labels {
  return { [LABEL.project]: project };
}

export function managedSelector(): Labels {
  return { [LABEL.managed]: 'true' };
}

/** The labels every object a set owns carries: made by Testbed, for this project and set. */
export function setOwnerLabels(project: string, set: string): Labels {
  return { ...managedSelector(), ...setSelector(project, set) };
}
