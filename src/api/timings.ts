/**
 * Where the time of `up` goes, measured from the lifecycle's own events (events.ts): each phase
 * (images, templates, networks and volumes, containers), each container's start and readiness,
 * each job. The recorder only listens; it adds no waiting and changes nothing of what `up` does.
 */
import type { EventSink, LifecycleEvent, LifecyclePhase } from '../lifecycle/events.js';

export interface TimingRow {
  /** What was timed: "images", "start db", "ready db", "job install-wikis", ... */
  step: string;
  /** When it began and how long it took, in ms from the start of the recording. */
  atMs: number;
  tookMs: number;
  /** A step that did not finish (up failed or was interrupted), or a job that failed or was skipped. */
  outcome?: 'unfinished' | 'failed' | 'skipped';
}

const PHASE_STEP: Record<LifecyclePhase, string> = {
  images: 'images (build or check)',
  templates: 'templates and secrets',
  resources: 'networks and volumes',
  containers: 'create containers',
  start: 'start, readiness and jobs',
};

export class UpTimings {
  private readonly origin: number;
  private readonly open = new Map<string, number>();
  private readonly done: TimingRow[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {
    this.origin = now();
  }

  /** An event sink: pass it (with the one that shows progress) as `events`. */
  readonly observe: EventSink = (e) => {
    const t = this.now() - this.origin;
    for (const key of stepsOf(e)) {
      if (key.begins) {
        if (!this.open.has(key.step)) this.open.set(key.step, t);
        continue;
      }
      // A job skipped (done before, or its service left out by a profile) never began: it took no time.
      const at = this.open.get(key.step) ?? (key.outcome === 'skipped' ? t : undefined);
      if (at === undefined) continue;
      this.open.delete(key.step);
      this.done.push({ step: key.step, atMs: at, tookMs: t - at, ...(key.outcome ? { outcome: key.outcome } : {}) });
    }
  };

  /** Every step timed so far, in the order they began, and the total; steps still open count as unfinished, up to now. */
  rows(): TimingRow[] {
    const t = this.now() - this.origin;
    const unfinished = [...this.open].map(([step, at]): TimingRow => ({ step, atMs: at, tookMs: t - at, outcome: 'unfinished' }));
    return [...this.done, ...unfinished, { step: 'total', atMs: 0, tookMs: t }].sort((a, b) => a.atMs - b.atMs || order(a) - order(b));
  }
}

/** The total first among steps that begin at 0, phases before what happens inside them. */
function order(row: TimingRow): number {
  if (row.step === 'total') return 0;
  return Object.values(PHASE_STEP).includes(row.step) ? 1 : 2;
}

interface StepKey {
  step: string;
  begins: boolean;
  outcome?: TimingRow['outcome'];
}

function stepsOf(e: LifecycleEvent): StepKey[] {
  switch (e.kind) {
    case 'phase':
      return [{ step: PHASE_STEP[e.phase], begins: e.action === 'begin' }];
    case 'container': {
      // Start: from asking the engine to the container running; ready: from running to ready (or completed).
      const who = containerOf(e.service, e.name);
      if (e.action === 'starting') return [{ step: `start ${who}`, begins: true }];
      if (e.action === 'started') return [{ step: `start ${who}`, begins: false }, { step: `ready ${who}`, begins: true }];
      if (e.action === 'ready' || e.action === 'completed') return [{ step: `ready ${who}`, begins: false }];
      return [];
    }
    case 'job':
      if (e.action === 'running') return [{ step: `job ${e.name}`, begins: true }];
      return [{ step: `job ${e.name}`, begins: false, ...(e.action === 'done' ? {} : { outcome: e.action }) }];
    default:
      return [];
  }
}

/** The service's name for its first container; "web#2" for the second of a scaled service. */
function containerOf(service: string, name: string): string {
  const replica = /-(\d+)$/.exec(name)?.[1];
  return replica && replica !== '1' ? `${service}#${replica}` : service;
}
