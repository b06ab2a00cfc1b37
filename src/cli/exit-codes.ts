/**
 * The one place where outcomes become exit statuses. Every cause a user can meet has a status
 * of its own (no two share one), so scripts can tell them apart; 1 is kept for a bug in Testbed.
 * README's table lists them, and a test checks that it matches this map.
 */
import type { ErrorCode } from '../common/errors.js';

export const EXIT = {
  ok: 0,
  /** Not a Testbed error: a bug. */
  internal: 1,
  config: 2,
  engineUnreachable: 3,
  readinessTimeout: 4,
  build: 5,
  imageNotFound: 6,
  portInUse: 7,
  setNotFound: 8,
  dependencyFailed: 9,
  configNotFound: 10,
  jobFailed: 11,
  snapshotInvalid: 12,
  snapshotStale: 13,
  testsFailed: 14,
  serviceNotFound: 15,
  jobNotFound: 16,
  testNotFound: 17,
  snapshotNotFound: 18,
  engineFailed: 19,
  engineTimeout: 20,
  setBusy: 21,
  setAmbiguous: 22,
  setConfigConflict: 23,
  serviceFailed: 24,
  snapshotInUse: 25,
  unsafePath: 26,
  clusterUnreachable: 27,
  clusterFailed: 28,
  hookFailed: 29,
  doctorFindings: 30,
  networksExhausted: 31,
  usage: 64,
  interrupted: 130,
} as const;

/** Every error code, and the status it exits with. */
export const EXIT_BY_CODE: Record<ErrorCode, number> = {
  CONFIG_INVALID: EXIT.config,
  CONFIG_NOT_FOUND: EXIT.configNotFound,
  ENGINE_UNREACHABLE: EXIT.engineUnreachable,
  ENGINE_FAILED: EXIT.engineFailed,
  ENGINE_TIMEOUT: EXIT.engineTimeout,
  READINESS_TIMEOUT: EXIT.readinessTimeout,
  BUILD_FAILED: EXIT.build,
  IMAGE_NOT_FOUND: EXIT.imageNotFound,
  PORT_IN_USE: EXIT.portInUse,
  SET_NOT_FOUND: EXIT.setNotFound,
  SET_AMBIGUOUS: EXIT.setAmbiguous,
  SET_BUSY: EXIT.setBusy,
  SET_CONFIG_CONFLICT: EXIT.setConfigConflict,
  SERVICE_NOT_FOUND: EXIT.serviceNotFound,
  SERVICE_FAILED: EXIT.serviceFailed,
  JOB_NOT_FOUND: EXIT.jobNotFound,
  TEST_NOT_FOUND: EXIT.testNotFound,
  DEPENDENCY_FAILED: EXIT.dependencyFailed,
  JOB_FAILED: EXIT.jobFailed,
  TESTS_FAILED: EXIT.testsFailed,
  HOOK_FAILED: EXIT.hookFailed,
  INTERRUPTED: EXIT.interrupted,
  SNAPSHOT_NOT_FOUND: EXIT.snapshotNotFound,
  SNAPSHOT_INVALID: EXIT.snapshotInvalid,
  SNAPSHOT_STALE: EXIT.snapshotStale,
  SNAPSHOT_IN_USE: EXIT.snapshotInUse,
  UNSAFE_PATH: EXIT.unsafePath,
  CLUSTER_UNREACHABLE: EXIT.clusterUnreachable,
  CLUSTER_FAILED: EXIT.clusterFailed,
  DOCTOR_FINDINGS: EXIT.doctorFindings,
  NETWORKS_EXHAUSTED: EXIT.networksExhausted,
  USAGE: EXIT.usage,
};

export function exitCodeFor(code: ErrorCode): number {
  return EXIT_BY_CODE[code];
}
