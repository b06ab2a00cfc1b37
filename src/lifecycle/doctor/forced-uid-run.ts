/**
 * doctor --live's second set: every service under one random UID with group 0, as OpenShift
 * would run the file, whatever the file says. What became ready, what failed first, and what
 * each service said about permissions is kept as evidence for arbitrary-uid.runs.
 */
import type { Project } from '../../model/project.js';
import { readStoredUid } from '../arbitrary-uid/set-uid.js';
import { byService, findSetResources } from '../set-resources.js';
import { permissionErrors } from './checks/arbitrary-uid-runs.js';
import type { ForcedUidRun } from './live-check.js';
import { liveContext } from './live-context.js';
import { throwawaySetName, withThrowawaySet, type ThrowawayOptions } from './throwaway-set.js';

/** The project as a platform that picks the UID would run it. */
export function underArbitraryUid(project: Project): Project {
  const services = Object.fromEntries(
    Object.entries(project.services).map(([name, s]) => [name, { ...s, testbed: { ...s.testbed, arbitrary_uid: true } }]),
  );
  return { ...project, services };
}

export async function forcedUidRun(project: Project, options: ThrowawayOptions): Promise<ForcedUidRun> {
  const forced = underArbitraryUid(project);
  return withThrowawaySet(forced, throwawaySetName('-uid'), options, async (ctx, run) => {
    const uid = await readStoredUid(ctx);
    const result: ForcedUidRun = { ...run, permissionErrors: new Map(), ready: new Set(run.readyAt.keys()), ...(uid !== undefined ? { uid } : {}) };
    const live = await liveContext(ctx, forced);
    const containers = byService((await findSetResources(ctx.engine, ctx.projectName, ctx.set)).containers);
    for (const [service, list] of containers) {
      const first = list[0];
      if (!first) continue;
      const errors = await permissionErrors(live, first.id).catch(() => []);
      if (errors.length) result.permissionErrors.set(service, errors);
    }
    return result;
  });
}
