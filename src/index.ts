/**
 * The library: open a project, work with its sets on Docker and in a Kubernetes cluster. The CLI
 * (bin/testbed.js) is built on exactly this: cli/ imports api/ and common/ and nothing else
 * (test/unit/architecture/layers.test.ts checks it). The CLI imports the api/ modules one by one,
 * so that a verb loads only what it uses; this file is for library users.
 */
export { Testbed, type OpenOptions, type SetOptions, type SetIntent, type SetChoices, type SetSummary, type SetEvent } from './api/testbed.js';
export { namesOf, NAME_KINDS, type NameKind, type NameQuery } from './api/names.js';
export {
  TestbedSet,
  type CommandRunInput,
  type CommandRunResult,
  type JobOutcome,
  type LogsOptions,
  type RenderedFile,
  type RenderOptions,
  type ReplicaStatus,
  type RunTestsOptions,
  type SecretInfo,
  type SetLogLine,
  type SnapshotOptions,
  type SnapshotRecord,
  type UpOptions,
} from './api/testbed-set.js';
export { loadProject, toCompose, toComposeYaml, type ComposeDocument, type ConfigWarning, type Job, type LoadOptions, type Project, type Service } from './api/project.js';
export type { EventSink, LifecycleEvent, TestEvent, TestEventSink } from './api/events.js';
export { UpTimings, type TimingRow } from './api/timings.js';
export { Snapshots, type SnapshotSummary, type SnapshotManifest } from './api/snapshots.js';
export { jobSummaries, type JobSummary } from './api/jobs.js';
export { mergeValues, valueAtPath, valueOverrides, type ValueOverrideInput, type Values } from './api/values.js';
export {
  allPassed,
  formatMs,
  junitXml,
  loadTests,
  type CompareOptions,
  type OutputDifference,
  type ResultsQuery,
  type SetComparison,
  type StoredResult,
  type StoredRun,
  type TestComparison,
  type TestDefinition,
  type TestOutcome,
  type TestResult,
  type TestRunReport,
  type TestSuite,
  type TestSummary,
} from './api/tests.js';
export {
  Cluster,
  formatWarning,
  KUBERNETES_SCHEMA_VERSION,
  type ClusterApplyResult,
  type ClusterImage,
  type ClusterJobOutcome,
  type ClusterManifests,
  type ClusterOptions,
  type ClusterSet,
  type ClusterSetStatus,
  type ClusterTestResult,
  type GcCandidate,
  type GcChoices,
  type ImageChoices,
  type PlainObject,
  type RenderChoices,
  type RenderedChart,
  type RenderWarning,
  type SetChoice,
} from './api/cluster.js';
export { parseDuration, formatDuration, type DurationGrammar } from './common/duration.js';
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
