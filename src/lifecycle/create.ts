/**
 * `create`: converge the set's networks, volumes and containers to the plan. Find or create,
 * every time, so it can be re-run after any failure or Ctrl-C: an unchanged container is kept,
 * a changed one is recreated alone, and nothing the set does not own is touched.
 */
import { access } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { ContainerSummary, Engine } from '../engine/engine.js';
import { requireSelectedServices } from '../model/profiles.js';
import type { Project } from '../model/project.js';
import { LABEL } from '../plan/labels.js';
import { planSet, type SetPlan } from '../plan/set-plan.js';
import type { ContainerSpec } from '../plan/specs.js';
import { throwIfAborted } from './abort.js';
import { setAddresses } from './addresses.js';
import { ignoreEvents, type EventSink } from './events.js';
import { byService, findSetResources, serviceOf } from './set-resources.js';
import type { OperationOptions, SetContext } from './set-context.js';
import { removeContainers } from './remove-containers.js';
import { convergeNetworks } from './set-networks.js';
import { setSubnets } from './set-ipam.js';
import { prepareSetFiles, setConfiguration } from './configure/prepare.js';
import type { Values } from '../set-config/values.js';
import { setArbitraryUid } from './arbitrary-uid/set-uid.js';

export interface CreateOptions extends OperationOptions {
  /** Service -> image reference, from ensureImages. */
  images: Record<string, string>;
  publish?: 'loopback' | 'ephemeral';
  /** Remove containers of services that are no longer in the file. */
  removeOrphans?: boolean;
  /** Only these services (others are left as they are). */
  services?: string[];
  /** New value overrides for the set (--set-value, --values); kept in its folder. */
  valueOverrides?: Values;
}

/** Creates run in parallel, bounded so the engine is not flooded. */
const CREATE_CONCURRENCY = 8;

export async function createSet(ctx: SetContext, project: Project, options: CreateOptions): Promise<SetPlan> {
  requireSelectedServices(project);
  const events = options.events ?? ignoreEvents;
  const publish = options.publish ?? 'loopback';
  const [addresses, resources] = await Promise.all([
    setAddresses(ctx, project),
    findSetResources(ctx.engine, ctx.projectName, ctx.set),
  ]);
  await warnIfSecretsWereLost(ctx, project, resources.volumes.length > 0, events);
  // Templates render and secrets resolve before anything is made, so their errors leave no trace.
  const configuration = await setConfiguration(ctx, project, { addresses, publish, ...(options.valueOverrides ? { valueOverrides: options.valueOverrides } : {}) });
  const prepared = await prepareSetFiles(ctx, project, configuration);
  const subnets = await setSubnets(ctx, project, events);
  const arbitraryUid = await setArbitraryUid(ctx, project);
  const plan = planSet({
    project,
    set: ctx.set,
    addresses,
    images: options.images,
    publish,
    subnets,
    ...prepared,
    ...(arbitraryUid !== undefined ? { arbitraryUid } : {}),
    ...(options.services ? { services: options.services } : {}),
  });
  throwIfAborted(options.signal);

  await ctx.folder.update((r) => ({
    ...r,
    projectDirectory: project.directory,
    files: project.files,
    envFiles: project.envFiles,
    profiles: project.profiles,
    publish,
  }));

  const haveVolumes = new Set(resources.volumes.map((v) => v.name));
  await Promise.all([
    convergeNetworks(ctx, plan.networks, { networks: resources.networks, containers: [...resources.containers, ...resources.oneOffs] }, events),
    ...plan.volumes.map(async (spec) => {
      if (haveVolumes.has(spec.name)) return events({ kind: 'volume', name: spec.name, action: 'exists' });
      await findOrCreate(() => ctx.engine.inspectVolume(spec.name), () => ctx.engine.createVolume(spec));
      events({ kind: 'volume', name: spec.name, action: 'created' });
    }),
  ]);
  throwIfAborted(options.signal);

  const existing = byService(resources.containers);
  const selected = new Set(options.services ?? Object.keys(plan.containers));
  const limit = pLimit(CREATE_CONCURRENCY);
  // Wave by wave: a container that joins another's namespace (network_mode service:...) can only be made after it.
  for (const wave of plan.waves) {
    const work: Promise<void>[] = [];
    for (const service of wave) {
      const specs = plan.containers[service];
      if (!specs || !selected.has(service)) continue;
      const current = existing.get(service) ?? [];
      for (const spec of specs) {
        const replica = Number(spec.labels[LABEL.number]);
        const found = current.find((c) => Number(c.labels[LABEL.number]) === replica);
        work.push(limit(() => convergeContainer(ctx.engine, spec, found, events, options.signal)));
      }
      // Scaled down: replicas past the new count go.
      const surplus = current.filter((c) => Number(c.labels[LABEL.number]) > specs.length);
      if (surplus.length) work.push(limit(() => removeContainers(ctx.engine, surplus, events)));
    }
    await Promise.all(work);
  }

  await handleOrphans(ctx.engine, project, resources.containers, options.removeOrphans ?? false, events);
  return plan;
}

async function convergeContainer(
  engine: Engine,
  spec: ContainerSpec,
  found: ContainerSummary | undefined,
  events: EventSink,
  signal: AbortSignal | undefined,
): Promise<void> {
  const service = spec.labels[LABEL.service]!;
  if (found && found.labels[LABEL.configHash] === spec.labels[LABEL.configHash]) {
    events({ kind: 'container', service, name: spec.name, action: 'unchanged' });
    return;
  }
  throwIfAborted(signal);
  if (found) await removeContainers(engine, [found], () => {});
  await engine.createContainer(spec);
  events({ kind: 'container', service, name: spec.name, action: found ? 'recreated' : 'created' });
}

/** Containers of services no longer in the file: reported, and removed only when asked. */
async function handleOrphans(
  engine: Engine,
  project: Project,
  containers: ContainerSummary[],
  remove: boolean,
  events: EventSink,
): Promise<void> {
  const known = new Set([...Object.keys(project.services), ...project.inactiveServices]);
  const orphans = containers.filter((c) => !known.has(serviceOf(c)));
  for (const c of orphans) events({ kind: 'orphan', service: serviceOf(c), name: c.name, action: 'found' });
  if (!remove || orphans.length === 0) return;
  await removeContainers(engine, orphans, () => {});
  for (const c of orphans) events({ kind: 'orphan', service: serviceOf(c), name: c.name, action: 'removed' });
}

/** A concurrent `up` of the same set may have made it first: look again before failing. */
async function findOrCreate(find: () => Promise<unknown>, create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (err) {
    if (await find()) return;
    throw err;
  }
}

/**
 * Data volumes kept from before but no stored secrets (another TESTBED_STATE_DIR, a deleted
 * folder): new secrets would not match the data made with the old ones (a database's users).
 */
async function warnIfSecretsWereLost(ctx: SetContext, project: Project, haveVolumes: boolean, events: EventSink): Promise<void> {
  const generated = Object.values(project.secretSources).some((s) => s.kind === 'generate');
  if (!haveVolumes || !generated) return;
  const stored = await access(ctx.folder.file('secrets.json')).then(() => true, () => false);
  if (stored) return;
  events({
    kind: 'warning',
    message:
      `set ${ctx.set} has data volumes from before, but its stored secrets are missing from ${ctx.folder.path} ` +
      '(another TESTBED_STATE_DIR?): new secrets are generated and may not match the data. ' +
      `Use the same state folder, or start the data afresh with: testbed destroy ${ctx.set} --volumes`,
  });
}
