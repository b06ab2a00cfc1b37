/** The library: open a project, work with its sets. The CLI (bin/testbed.js) is built on exactly this. */
export { Testbed, type OpenOptions, type SetOptions, type SetIntent, type SetChoices } from './api/testbed.js';
export { TestbedSet } from './api/testbed-set.js';
export { loadProject, type LoadOptions } from './model/load-project.js';
export type { Project, Service, Job } from './model/project.js';
export type { LifecycleEvent, EventSink } from './lifecycle/events.js';
export type { ReplicaStatus } from './lifecycle/status.js';
export type { SetSummary } from './lifecycle/list-sets.js';
export { Snapshots, type SnapshotSummary, type SnapshotManifest } from './api/snapshots.js';
export type { SnapshotOptions } from './lifecycle/snapshot/take-snapshot.js';
export type { SnapshotRecord } from './lifecycle/snapshot/snapshot-record.js';
export type { TestResult, TestRunReport, TestSummary } from './lifecycle/tests/test-result.js';
export type { CompareOptions, OutputDifference, SetComparison, TestComparison } from './lifecycle/tests/compare-sets.js';
export { junitXml } from './lifecycle/tests/junit.js';
export {
  doctor,
  doctorChecks,
  doctorJunitXml,
  failsAt,
  factorName,
  FACTORS,
  FACTOR_ORDER,
  type CheckInfo,
  type DoctorReport,
  type DoctorRunOptions,
  type DoctorSummary,
  type FactorId,
  type FailOn,
  type Finding,
  type FindingStatus,
} from './api/doctor.js';
export * from './common/errors.js';
