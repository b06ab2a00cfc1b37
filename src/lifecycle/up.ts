/**
 * `up` = build (or find) images, create, start, wait until ready. Each step converges, so `up`
 * run twice changes nothing the second time, and `up` after a Ctrl-C finishes the work.
 */
import { requireSelectedServices } from '../model/profiles.js';
import type { Project } from '../model/project.js';
import { withDependencies } from '../plan/graph.js';
import { createSet, type CreateOptions } from './create.js';
import { ignoreEvents, inPhase } from './events.js';
import { ensureImages } from './images.js';
import type { OperationOptions, SetContext } from './set-context.js';
import { jobHooks } from './jobs/set-jobs.js';
import { snapshotForUp, type FromSnapshotOptions } from './snapshot/from-snapshot.js';
import { startSet, type StartOptions } from './start.js';

export interface UpOptions extends OperationOptions {
  services?: string[];
  noCache?: boolean;
  /** false: do not build; fail when a built service has no image for its current sources. */
  build?: boolean;
  wait?: boolean;
  timeoutMs?: number;
  publish?: CreateOptions['publish'];
  removeOrphans?: boolean;
  /** New value overrides for the set (--set-value, --values); kept in its folder. */
  valueOverrides?: CreateOptions['valueOverrides'];
  /** Make a new set from a snapshot (its name, or an image reference, pulled when absent). */
  from?: FromSnapshotOptions['from'];
  /** With `from`: check the data against the snapshot's checksums before anything starts. */
  verify?: boolean;
  /** Where registry credentials are looked up (DOCKER_CONFIG, HOME); default process.env. */
  env?: FromSnapshotOptions['env'];
}

export async function upSet(ctx: SetContext, project: Project, options: UpOptions = {}): Promise<void> {
  requireSelectedServices(project);
  const services = options.services ? withDependencies(project.services, options.services) : undefined;
  const events = options.events ?? ignoreEvents;
  // A set made from a snapshot runs the snapshot's images (for services unchanged since).
  const snapshot = await snapshotForUp(ctx, project, options);
  const toResolve = (services ?? Object.keys(project.services)).filter((s) => !snapshot.images[s]);
  const images = await inPhase(events, 'images', async () => ({
    ...(await ensureImages(ctx.engine, project, { ...options, services: toResolve })),
    ...snapshot.images,
  }));
  await createSet(ctx, project, { ...options, images, services });
  await snapshot.afterCreate();
  const jobs = jobHooks(ctx, project, options);
  await inPhase(events, 'start', () => startSet(ctx, project, { ...options, services, ...(jobs ? { jobs } : {}) } satisfies StartOptions));
}
