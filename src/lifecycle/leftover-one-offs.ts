/**
 * One-off containers (a job or test in a new container) whose process is gone: a `run` or
 * `test` killed with SIGKILL cannot remove its container, so the next command on the set does.
 * A one-off whose process still runs (a `test` beside this command) is never touched.
 */
import { ownerLiveness, parseOwner } from '../common/process-owner.js';
import type { ContainerSummary } from '../engine/engine.js';
import { LABEL } from '../plan/labels.js';
import type { EventSink } from './events.js';
import { removeContainers } from './remove-containers.js';
import { findSetResources } from './set-resources.js';
import type { SetContext } from './set-context.js';

export async function removeLeftoverOneOffs(ctx: SetContext, events: EventSink): Promise<void> {
  const { oneOffs } = await findSetResources(ctx.engine, ctx.projectName, ctx.set);
  const leftovers = oneOffs.filter(isLeftover);
  if (leftovers.length === 0) return;
  await removeContainers(ctx.engine, leftovers, (e) =>
    events(e.kind === 'container' ? { ...e, detail: '(left over by a run whose process is gone)' } : e),
  );
}

function isLeftover(c: ContainerSummary): boolean {
  const owner = parseOwner(c.labels[LABEL.owner]);
  // Made before owners were recorded: left over once it has stopped.
  if (!owner) return c.state !== 'running' && c.state !== 'restarting' && c.state !== 'paused';
  return ownerLiveness(owner) === 'gone';
}
