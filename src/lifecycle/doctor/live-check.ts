/**
 * What live checks look at: a running set (the user's, or a throwaway one doctor made), with
 * what the engine reports of its containers, read once and shared between checks.
 */
import type { ContainerDetails, ContainerSummary } from '../../engine/engine.js';
import type { CheckInfo } from '../../model/doctor/check.js';
import { finding } from '../../model/doctor/check.js';
import type { ChangedPath } from '../../model/doctor/file-changes.js';
import type { Finding } from '../../model/doctor/finding.js';
import type { Project, Service } from '../../model/project.js';
import type { SetContext } from '../set-context.js';

export interface Replica {
  summary: ContainerSummary;
  details: ContainerDetails;
}

/** How doctor's own `up` of a fresh set went (doctor --live). */
export interface FreshRun {
  /** Service -> when its first container was started, and when it was ready (ms since epoch). */
  startedAt: Map<string, number>;
  readyAt: Map<string, number>;
  /** Why the set did not come up, when it did not. */
  error?: Error & { code?: string; details?: Record<string, unknown> };
}

/** How one service of the throwaway set under an arbitrary UID ended up. */
export type ForcedOutcome =
  /** Ready, and still running when the set was done coming up. */
  | { kind: 'ready' }
  /** Exited or kept restarting. */
  | { kind: 'failed'; detail: string }
  /** Running but not (yet) ready when the set stopped coming up, or never started. */
  | { kind: 'undecided'; detail: string };

/** How the throwaway set with every service under an arbitrary UID went (doctor --live). */
export interface ForcedUidRun extends FreshRun {
  uid?: number;
  /** Service -> permission errors in its output. */
  permissionErrors: Map<string, string[]>;
  outcomes: Map<string, ForcedOutcome>;
}

export interface LiveContext {
  set: SetContext;
  project: Project;
  fresh?: FreshRun;
  forced?: ForcedUidRun;
  /** The first replica of the service, when it has a container. */
  replica(service: string): Promise<Replica | undefined>;
  changes(containerId: string): Promise<ChangedPath[]>;
  /** Something two checks both need (a replica's sockets, an image's files), made once. */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>;
  signal?: AbortSignal;
}

export interface LiveCheck extends CheckInfo {
  /** Stops the set's containers: runs after every other check, and only on a throwaway set. */
  stops?: boolean;
  run(live: LiveContext, service: Service): Promise<Finding[]>;
  /** Whether it has anything to say about the service at all (default: yes), for the unknowns when it cannot look. */
  appliesTo?(service: Service): boolean;
}

/** The running first replica, or an `unknown` saying why there is none to look at. */
export async function runningReplica(live: LiveContext, check: CheckInfo, service: string): Promise<Replica | Finding> {
  const replica = await live.replica(service);
  if (!replica) return finding(check, service, 'unknown', `set ${live.set.set} has no container of ${service}`, `Bring it up: testbed up ${live.set.set}`);
  if (replica.details.state !== 'running') {
    const exit = replica.details.exitCode === undefined ? '' : ` (${replica.details.exitCode})`;
    return finding(check, service, 'unknown', `${replica.details.name} is ${replica.details.state}${exit}, not running`, `Start it: testbed up ${live.set.set}`);
  }
  return replica;
}

export function isReplica(value: Replica | Finding): value is Replica {
  return 'details' in value;
}

/** Lines a service printed that say it could not write or was refused (for arbitrary-UID runs). */
export const PERMISSION_ERROR = /permission denied|EACCES|operation not permitted|read-only file system|EROFS|cannot (create|open|write)/i;
