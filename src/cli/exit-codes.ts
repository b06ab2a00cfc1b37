/**
 * The one place where outcomes become exit statuses. Every kind of failure a user can cause
 * has its own code, so scripts can tell them apart.
 */
import type { ErrorCode } from '../common/errors.js';

export const EXIT = {
  ok: 0,
  failure: 1,
  config: 2,
  engineUnreachable: 3,
  readinessTimeout: 4,
  build: 5,
  imageNotFound: 6,
  portInUse: 7,
  notFound: 8,
  dependencyFailed: 9,
  configNotFound: 10,
  jobFailed: 11,
  snapshotInvalid: 12,
  snapshotStale: 13,
  usage: 64,
  interrupted: 130,
} as const;

const BY_CODE: Record<ErrorCode, number> = {
  CONFIG_INVALID: EXIT.config,
  CONFIG_NOT_FOUND: EXIT.configNotFound,
  ENGINE_UNREACHABLE: EXIT.engineUnreachable,
  ENGINE_FAILED: EXIT.failure,
  READINESS_TIMEOUT: EXIT.readinessTimeout,
  BUILD_FAILED: EXIT.build,
  IMAGE_NOT_FOUND: EXIT.imageNotFound,
  PORT_IN_USE: EXIT.portInUse,
  SET_NOT_FOUND: EXIT.notFound,
  SERVICE_NOT_FOUND: EXIT.notFound,
  JOB_NOT_FOUND: EXIT.notFound,
  DEPENDENCY_FAILED: EXIT.dependencyFailed,
  JOB_FAILED: EXIT.jobFailed,
  INTERRUPTED: EXIT.interrupted,
  SNAPSHOT_NOT_FOUND: EXIT.notFound,
  SNAPSHOT_INVALID: EXIT.snapshotInvalid,
  SNAPSHOT_STALE: EXIT.snapshotStale,
  USAGE: EXIT.usage,
};

export function exitCodeFor(code: ErrorCode): number {
  return BY_CODE[code];
}
