/**
 * Typed errors. Every failure a user can cause is one of these: a stable code,
 * a message that says what and where, and a hint that says what to do.
 * The CLI maps codes to exit statuses in one place (cli/exit-codes.ts).
 */

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'ENGINE_UNREACHABLE'
  /** The engine answered, but refused or failed an operation. */
  | 'ENGINE_FAILED'
  /** The engine accepted the connection but did not answer a call in time. */
  | 'ENGINE_TIMEOUT'
  | 'READINESS_TIMEOUT'
  | 'BUILD_FAILED'
  | 'IMAGE_NOT_FOUND'
  | 'PORT_IN_USE'
  | 'SET_NOT_FOUND'
  /** A set name that several projects have, where the command may not guess which. */
  | 'SET_AMBIGUOUS'
  /** Another command holds the set's lock. */
  | 'SET_BUSY'
  /** Files, env files or profiles given differ from those the set was made with. */
  | 'SET_CONFIG_CONFLICT'
  | 'SERVICE_NOT_FOUND'
  /** A service exited or kept restarting while the set was brought up. */
  | 'SERVICE_FAILED'
  | 'JOB_NOT_FOUND'
  | 'TEST_NOT_FOUND'
  | 'DEPENDENCY_FAILED'
  | 'JOB_FAILED'
  /** Tests ran, and at least one did not pass. */
  | 'TESTS_FAILED'
  /** A lifecycle hook (post_start, pre_stop) failed. */
  | 'HOOK_FAILED'
  | 'INTERRUPTED'
  | 'SNAPSHOT_NOT_FOUND'
  | 'SNAPSHOT_INVALID'
  | 'SNAPSHOT_STALE'
  /** The snapshot is the source of sets that still exist. */
  | 'SNAPSHOT_IN_USE'
  /** A copy or mount would reach outside the place it was given (an archive entry, a path). */
  | 'UNSAFE_PATH'
  /** No kubeconfig, or no Kubernetes API server answers. */
  | 'CLUSTER_UNREACHABLE'
  /** The Kubernetes API server answered, but refused or failed a request. */
  | 'CLUSTER_FAILED'
  /** `testbed doctor` found problems at or above the level that fails. */
  | 'DOCTOR_FINDINGS'
  /** No address range is left for a set's networks. */
  | 'NETWORKS_EXHAUSTED'
  | 'USAGE';

export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

export function formatPosition(pos: SourcePosition | undefined): string {
  return pos ? `${pos.file}:${pos.line}:${pos.col}` : '';
}

export interface TestbedErrorOptions {
  hint?: string;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class TestbedError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: TestbedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  toJSON(): Record<string, unknown> {
    return {
      error: this.name,
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** One problem found in a configuration file, with where it is. */
export interface ConfigIssue {
  message: string;
  position?: SourcePosition;
  /** Dotted path in the document, e.g. services.web.ports[0]. */
  path?: string;
}

/** All problems of a configuration, collected before reporting (never just the first). */
export class ConfigError extends TestbedError {
  readonly issues: ConfigIssue[];
  /** Warnings found before the problems stopped loading: they often explain them (an ignored key...). */
  readonly warnings: ConfigIssue[];

  constructor(issues: ConfigIssue[], options: TestbedErrorOptions & { warnings?: ConfigIssue[] } = {}) {
    const { warnings = [], ...rest } = options;
    super('CONFIG_INVALID', ConfigError.describe(issues, warnings), {
      hint: rest.hint ?? 'Fix the file at the position shown, then run the command again.',
      ...rest,
    });
    this.issues = issues;
    this.warnings = warnings;
  }

  static describe(issues: ConfigIssue[], warnings: ConfigIssue[] = []): string {
    const line = (i: ConfigIssue) => {
      const where = formatPosition(i.position);
      return where ? `${where}: ${i.message}` : i.message;
    };
    const lines = issues.map(line);
    const main = lines.length === 1 ? lines[0]! : `${lines.length} problems in the configuration:\n  ${lines.join('\n  ')}`;
    if (warnings.length === 0) return main;
    return `${main}\nwarnings found before that:\n  ${warnings.map(line).join('\n  ')}`;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues, ...(this.warnings.length > 0 ? { warnings: this.warnings } : {}) };
  }
}

export class ConfigNotFoundError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('CONFIG_NOT_FOUND', message, options);
  }
}

export class EngineUnreachableError extends TestbedError {
  constructor(where: string, cause?: unknown) {
    super('ENGINE_UNREACHABLE', `no Docker engine answers at ${where}`, {
      hint: 'Start it (for example: bash scripts/engine-setup.sh) or set DOCKER_HOST.',
      cause,
    });
  }
}

/** The engine answered, but refused or failed an operation. */
export class EngineError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('ENGINE_FAILED', message, options);
  }
}

/** The engine accepted the connection but did not answer a call within the time allowed. */
export class EngineTimeoutError extends TestbedError {
  constructor(where: string, action: string, timeoutMs: number, options: TestbedErrorOptions = {}) {
    super('ENGINE_TIMEOUT', `the engine at ${where} did not answer in ${formatSeconds(timeoutMs)} when asked to ${action}`, {
      hint:
        'It accepts connections but does not reply: it may be overloaded or hung (does `docker info` answer?). ' +
        'Restart it if it is stuck, or allow more time with TESTBED_ENGINE_TIMEOUT (e.g. TESTBED_ENGINE_TIMEOUT=5m).',
      details: { endpoint: where, action, timeoutMs },
      ...options,
    });
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 100) / 10}s`;
}

/** Another command (this process or another) holds the set's lock. */
export class SetBusyError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('SET_BUSY', message, options);
  }
}

export class ReadinessTimeoutError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('READINESS_TIMEOUT', message, options);
  }
}

export class BuildError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('BUILD_FAILED', message, options);
  }
}

export class ImageNotFoundError extends TestbedError {
  constructor(image: string, options: TestbedErrorOptions = {}) {
    super('IMAGE_NOT_FOUND', `image ${image} is not on the engine and could not be pulled`, {
      hint: `Build or load it first (docker load, or a build: section for the service), or check the name.`,
      ...options,
    });
  }
}

export class PortInUseError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('PORT_IN_USE', message, options);
  }
}

export class NotFoundError extends TestbedError {
  constructor(code: 'SET_NOT_FOUND' | 'SERVICE_NOT_FOUND' | 'JOB_NOT_FOUND' | 'TEST_NOT_FOUND', message: string, options: TestbedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A set name that the command may not, or cannot, tie to one project: the candidates are in the message. */
export class SetAmbiguousError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('SET_AMBIGUOUS', message, options);
  }
}

/** Compose files, env files or profiles given that differ from those the set was made with. */
export class SetConfigConflictError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('SET_CONFIG_CONFLICT', message, options);
  }
}

export class DependencyFailedError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('DEPENDENCY_FAILED', message, options);
  }
}

/** A service exited or restarted while its set was brought up: which, its exit code, its last output. */
export class ServiceFailedError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('SERVICE_FAILED', message, options);
  }
}

/** A job (seeding, migration...) failed: its exit code, last output and how to re-run it. */
/** A post_start or pre_stop command of a service failed (HOOK_FAILED). */
export class HookFailedError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('HOOK_FAILED', message, options);
  }
}

export class JobFailedError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('JOB_FAILED', message, options);
  }
}

/**
 * A snapshot that is not there (SNAPSHOT_NOT_FOUND), does not hold what it recorded
 * (SNAPSHOT_INVALID: a checksum or an image id differs), or would not match the file (SNAPSHOT_STALE).
 */
export class SnapshotError extends TestbedError {
  constructor(code: 'SNAPSHOT_NOT_FOUND' | 'SNAPSHOT_INVALID' | 'SNAPSHOT_STALE' | 'SNAPSHOT_IN_USE', message: string, options: TestbedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A copy or a path that would reach outside the place it was given: refused before anything is written. */
export class UnsafePathError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('UNSAFE_PATH', message, options);
  }
}

export class InterruptedError extends TestbedError {
  constructor(message = 'interrupted') {
    super('INTERRUPTED', message, { hint: 'Run the same command again to finish the work; it picks up where it stopped.' });
  }
}

export class UsageError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super('USAGE', message, options);
  }
}

export function isTestbedError(err: unknown): err is TestbedError {
  return err instanceof TestbedError;
}
