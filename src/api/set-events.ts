/**
 * What happens to sets on the engine, as it happens: the engine's own event stream, read for
 * the objects Testbed labelled, and told per set and service. The dashboard pushes these to
 * the browser instead of asking every second.
 */
import type { Engine } from '../engine/engine.js';
import { LABEL, managedSelector } from '../plan/labels.js';

export interface SetEvent {
  project: string;
  set: string;
  /** Absent for a set's networks and volumes. */
  service?: string;
  /** container, network, volume. */
  object: string;
  /** start, die, stop, destroy, health_status: healthy... as the engine says it. */
  action: string;
  time: Date;
}

/**
 * Calls onEvent for each event of any set's objects until the signal aborts; resolves then.
 * Rejects when the engine ends the stream (it stopped, or the connection broke).
 */
export function watchSets(engine: Engine, onEvent: (event: SetEvent) => void, signal: AbortSignal): Promise<void> {
  return engine.watchEvents(
    managedSelector(),
    (e) => {
      const project = e.labels[LABEL.project];
      const set = e.labels[LABEL.set];
      if (!project || !set) return;
      // One-off containers (tests, jobs) are runs of the set, not services.
      const service = e.labels[LABEL.run] === undefined ? e.labels[LABEL.service] : undefined;
      onEvent({ project, set, ...(service ? { service } : {}), object: e.type, action: e.action, time: e.time });
    },
    signal,
  );
}
