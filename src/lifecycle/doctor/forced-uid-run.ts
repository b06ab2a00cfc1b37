/**
 * doctor --live's second set: every service under one random UID with group 0, as OpenShift
 * would run the file, whatever the file says. What became ready, what failed first, and what
 * each service said about permissions is kept as evidence for arbitrary-uid.runs.
 */
import type { Project } from '../../model/project.js';
import { sleep } from '../abort.js';
import type { SetContext } from '../set-context.js';
import { readStoredUid } from '../arbitrary-uid/set-uid.js';
import { byService, findSetResources } from '../set-resources.js';
import { permissionErrors } from './checks/arbitrary-uid-runs.js';
import type { ForcedOutcome, ForcedUidRun } from './live-check.js';
import { liveContext } from './live-context.js';
import { throwawaySetName, withThrowawaySet, type ThrowawayOptions } from './throwaway-set.js';

/** The project as a platform that picks the UID would run it. */
export function underArbitraryUid(project: Project): Project {
  const services = Object.fromEntries(
    Object.entries(project.services).map(([name, s]) => [name, { ...s, arbitraryUid: true }]),
  );
  return { ...project, services };
}

export async function forcedUidRun(project: Project, options: ThrowawayOptions): Promise<ForcedUidRun> {
  const forced = underArbitraryUid(project);
  return withThrowawaySet(forced, throwawaySetName('-uid'), options, async (ctx, run) => {
    const uid = await readStoredUid(ctx);
    const result: ForcedUidRun = { ...run, permissionErrors: new Map(), outcomes: new Map(), ...(uid !== undefined ? { uid } : {}) };
    const live = await liveContext(ctx, forced);
    const containers = byService((await findSetResources(ctx.engine, ctx.projectName, ctx.set)).containers);
    if (run.error) await settle(ctx, [...containers.values()].flat().map((c) => c.id), run.readyAt, containers);
    for (const service of Object.keys(forced.services)) {
      const first = containers.get(service)?.[0];
      const details = first && (await ctx.engine.inspectContainer(first.id));
      if (!details) {
        result.outcomes.set(service, { kind: 'undecided', detail: 'it was not made' });
        continue;
      }
      const errors = await permissionErrors(live, details.id).catch(() => []);
      if (errors.length) result.permissionErrors.set(service, errors);
      result.outcomes.set(service, outcomeOf(details.state, details.exitCode, details.restartCount, run.readyAt.has(service), run.error?.details?.service === service));
    }
    return result;
  });
}

/** How long services still running when the set failed are watched for an exit of their own. */
const SETTLE_MS = 10_000;

/**
 * The first failure stops the set coming up, while others may be failing too (an entrypoint
 * still working through its permission errors): they get a moment to show it, so each service
 * is judged on what it did, not on who failed first.
 */
async function settle(ctx: SetContext, ids: string[], readyAt: Map<string, number>, containers: Map<string, { id: string }[]>): Promise<void> {
  const ready = new Set([...readyAt.keys()].flatMap((s) => (containers.get(s) ?? []).map((c) => c.id)));
  const deadline = Date.now() + SETTLE_MS;
  while (Date.now() < deadline) {
    const states = await Promise.all(ids.filter((id) => !ready.has(id)).map((id) => ctx.engine.inspectContainer(id)));
    if (!states.some((d) => d?.state === 'running')) return;
    await sleep(500);
  }
}

/** A service that was "ready" and then exited (ready at once, having no ports to wait for) failed. */
function outcomeOf(state: string, exitCode: number | undefined, restarts: number, wasReady: boolean, named: boolean): ForcedOutcome {
  if (state === 'exited' || state === 'dead') return { kind: 'failed', detail: `exited with code ${exitCode ?? '?'}` };
  if (state === 'restarting' || restarts > 0) return { kind: 'failed', detail: `kept restarting (${restarts}x)` };
  if (named) return { kind: 'failed', detail: 'did not become ready' };
  if (state === 'running' && wasReady) return { kind: 'ready' };
  if (state === 'running') return { kind: 'undecided', detail: 'it was running, not yet ready, when the set stopped coming up' };
  return { kind: 'undecided', detail: 'it was not started: the set stopped coming up first' };
}
