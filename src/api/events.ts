/** What the library reports as it works: lifecycle progress, and test progress. The CLI renders both. */
export type { LifecycleEvent, LifecyclePhase, EventSink } from '../lifecycle/events.js';
export type { TestEvent, TestEventSink } from '../lifecycle/tests/test-events.js';
