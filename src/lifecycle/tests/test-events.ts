/** Progress of a test run, as it happens; the CLI renders it as lines, the library may ignore it. */
import type { TestResult } from './test-result.js';

export type TestEvent =
  | { kind: 'started'; set: string; test: string }
  | { kind: 'finished'; set: string; test: string; result: TestResult };

export type TestEventSink = (event: TestEvent) => void;

export const ignoreTestEvents: TestEventSink = () => {};
