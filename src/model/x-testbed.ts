/**
 * Testbed's own parts of a project, from `x-testbed`: where its tests are written, its
 * Kubernetes settings, its secrets' sources and its jobs (Project holds them; project.ts is
 * what Compose itself describes).
 */
import type { SourcePosition } from '../common/errors.js';
import type { CommandSpec } from './command-spec.js';

/**
 * Where a project's tests are written. A test is checked against its own schema only when tests
 * are loaded (testbed tests, test, k8s): a broken test fails those commands, never `up`.
 */
export interface TestDeclarations {
  /** `x-testbed.tests` of the merged files, test name -> its block as written (after interpolation). */
  inline: Readonly<Record<string, unknown>>;
  /** `x-testbed.include_tests`: globs relative to the project directory. */
  include: string[];
}

/** `x-testbed.kubernetes`. */
export interface KubernetesSettings {
  storageClass?: string;
  /** Named volume -> size of its claim, e.g. 5Gi. */
  volumeSizes: Record<string, string>;
  waitImage?: string;
  kubectlImage?: string;
  /** The default of every service's arbitraryUid. */
  arbitraryUid: boolean;
}

export type SecretSource =
  | { kind: 'generate'; length: number; alphabet: string }
  | { kind: 'derive'; from: string; hash: 'sha256' | 'sha512' | 'bcrypt' }
  /** Read when the project was loaded, from an environment variable or a file. */
  | { kind: 'provided'; from: string; value: string };

/** Where a job or test runs. */
export type RunTarget =
  | { kind: 'exec'; service: string; replica: number }
  /** A new container from a service's image, with its environment. */
  | { kind: 'run'; service: string }
  | { kind: 'image'; image: string };

/**
 * A job: a command run for a set (seeding, migrations, wiring); its command part is a test's
 * too (command-spec.ts). Environment values may hold Liquid ({{ secrets.x }}), rendered per set;
 * an inactive service (left out by a profile) means the job does not run.
 */
export interface Job extends Omit<CommandSpec, 'timeoutMs'> {
  /** The file's, or the default for jobs. */
  timeoutMs: number;
  name: string;
  description?: string;
  when: 'after-start' | 'manual';
  once: boolean;
  /** Services (ready) and jobs (done) that come first. */
  dependsOn: string[];
  /** Cron schedule: a CronJob on Kubernetes; on Docker not run by `up`, only by `testbed run`. */
  schedule?: string;
  position?: SourcePosition;
}
