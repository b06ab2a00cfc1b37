/**
 * Services hold still while a snapshot reads them, so a database's files are consistent:
 * stopped (the default: a clean shutdown, what any database restores from) or paused (faster,
 * and the processes keep their state; the files are then those of a crash at that instant).
 * Only what was running is touched, and it is brought back afterwards.
 */
import type { ContainerSummary } from '../../engine/engine.js';
import type { Project } from '../../model/project.js';
import type { EventSink } from '../events.js';
import type { SetContext } from '../set-context.js';
import { serviceOf } from '../set-resources.js';
import { startSet } from '../start.js';
import { stopSet } from '../stop.js';

export type HoldMode = 'stopped' | 'paused';

/** Holds the running containers still; resolves with what brings them back. */
export async function holdStill(
  ctx: SetContext,
  project: Project,
  containers: ContainerSummary[],
  mode: HoldMode,
  events: EventSink,
  signal?: AbortSignal,
): Promise<() => Promise<void>> {
  const running = containers.filter((c) => c.state === 'running' || c.state === 'restarting');
  if (running.length === 0) return async () => {};
  if (mode === 'paused') {
    events({ kind: 'snapshot', action: 'step', message: `pausing ${running.length} container(s)` });
    await Promise.all(running.map((c) => ctx.engine.pauseContainer(c.id)));
    return async () => {
      await Promise.all(running.map((c) => ctx.engine.unpauseContainer(c.id)));
      events({ kind: 'snapshot', action: 'step', message: `resumed ${running.length} container(s)` });
    };
  }
  const services = [...new Set(running.map(serviceOf))].filter((s) => project.services[s]);
  await stopSet(ctx, { services, events });
  return async () => {
    // Back as they were, and ready; jobs are not run again (their work is in the data).
    await startSet(ctx, project, { services, wait: true, events, ...(signal ? { signal } : {}) });
  };
}
