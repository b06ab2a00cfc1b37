/**
 * doctor --live works on sets of its own: made fresh from the file, brought up as `up` would,
 * looked at, and removed with everything they made (never the project's images), also when
 * something fails on the way. How the `up` went is kept rather than thrown: that is evidence.
 */
import { randomBytes } from 'node:crypto';
import type { Engine } from '../../engine/engine.js';
import type { Project } from '../../model/project.js';
import { removeSet } from '../destroy.js';
import { ignoreEvents, type EventSink } from '../events.js';
import { newSetContext, type SetContext } from '../set-context.js';
import { withSetLock } from '../set-lock.js';
import { upSet } from '../up.js';
import type { FreshRun } from './live-check.js';

export interface ThrowawayOptions {
  engine: Engine;
  stateRoot: string;
  /** How long its services may take to be ready. */
  timeoutMs?: number;
  events?: EventSink;
  signal?: AbortSignal;
}

export function throwawaySetName(suffix = ''): string {
  return `doctor-${randomBytes(3).toString('hex')}${suffix}`;
}

export async function withThrowawaySet<T>(
  project: Project,
  name: string,
  options: ThrowawayOptions,
  work: (ctx: SetContext, run: FreshRun) => Promise<T>,
): Promise<T> {
  const events = options.events ?? ignoreEvents;
  const ctx = newSetContext({ engine: options.engine, stateRoot: options.stateRoot, projectName: project.name, project, set: name });
  const run: FreshRun = { startedAt: new Map(), readyAt: new Map() };
  const timed: EventSink = (event) => {
    if (event.kind === 'container' && event.action === 'started' && !run.startedAt.has(event.service)) run.startedAt.set(event.service, Date.now());
    if (event.kind === 'container' && (event.action === 'ready' || event.action === 'completed')) run.readyAt.set(event.service, Date.now());
    events(event);
  };
  try {
    try {
      await withSetLock(ctx, 'doctor', { events }, () =>
        upSet(ctx, project, { wait: true, events: timed, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}) }),
      );
    } catch (err) {
      if (options.signal?.aborted) throw err;
      run.error = err instanceof Error ? err : new Error(String(err));
    }
    return await work(ctx, run);
  } finally {
    await withSetLock(ctx, 'doctor', { events }, () => removeSet(ctx, { events })).catch((err: unknown) => {
      events({ kind: 'warning', message: `could not remove doctor's set ${name}: ${(err as Error).message}; remove it with: testbed remove ${name} -p ${project.name}` });
    });
  }
}
