/**
 * What a new container for a set starts from: the image, environment and networks of a
 * service's replica (`run:`), as the engine reports them, or any image on all the set's
 * networks (`image:`). The image is pulled when the engine does not have it.
 */
import { NotFoundError } from '../common/errors.js';
import type { Engine } from '../engine/engine.js';
import { LABEL } from '../plan/labels.js';
import { mountSpecs, type MaterialisedFile } from '../plan/mounts.js';
import { engineNetworkName } from '../plan/names.js';
import type { MountSpec } from '../plan/specs.js';
import { filesOf } from './configure/inject-files.js';
import { requireService, type SetContext } from './set-context.js';
import { findSetResources, serviceOf } from './set-resources.js';

export interface OneOffBasis {
  image: string;
  env: string[];
  networks: string[];
  /** `run:` mounts what the service mounts (its data volumes, binds, tmpfs), as `docker compose run` does. */
  mounts: MountSpec[];
  /** `run:` of a service under an arbitrary UID runs as that UID too (unless the job names a user). */
  user?: string;
  /** `run:` gets the service's configs and secrets too (as `docker compose run` does): copied in before it starts. */
  files?: MaterialisedFile[];
}

function fileTargets(ctx: SetContext, service: string): Set<string> {
  const s = ctx.project?.services[service];
  return new Set([...(s?.configs ?? []), ...(s?.secrets ?? [])].map((f) => f.target));
}

function serviceMounts(ctx: SetContext, service: string): MountSpec[] {
  const s = ctx.project?.services[service];
  return s && ctx.project ? mountSpecs(ctx.project, ctx.set, s) : [];
}

/** The image, environment and networks of a new container for the set. */
export async function oneOffBasis(
  ctx: SetContext,
  where: { kind: 'run'; service: string } | { kind: 'image'; image: string },
): Promise<OneOffBasis> {
  const resources = await findSetResources(ctx.engine, ctx.projectName, ctx.set);
  if (where.kind === 'image') {
    if (resources.networks.length === 0) throw setNotUp(ctx);
    return { image: where.image, env: [], networks: resources.networks.map((n) => n.name).sort(), mounts: [] };
  }
  // A replica of the service tells exactly what it runs: image, whole environment, networks.
  const replica = resources.containers.find((c) => serviceOf(c) === where.service);
  const details = replica && (await ctx.engine.inspectContainer(replica.id));
  if (details) {
    const user = replica.labels[LABEL.arbitraryUid] ? { user: details.user } : {};
    // A read-only service has its configs bind-mounted rather than copied in: the same binds.
    const targets = fileTargets(ctx, where.service);
    const fileBinds = details.mounts
      .filter((m) => m.type === 'bind' && targets.has(m.destination))
      .map((m): MountSpec => ({ type: 'bind', source: m.source, target: m.destination, readOnly: true }));
    return {
      image: details.image,
      env: details.env,
      networks: Object.keys(details.networks).sort(),
      mounts: [...serviceMounts(ctx, where.service), ...fileBinds],
      files: filesOf(replica),
      ...user,
    };
  }

  const service = ctx.project?.services[where.service];
  if (ctx.project) requireService(ctx.project, where.service);
  if (!service || !ctx.project) {
    throw new NotFoundError('SERVICE_NOT_FOUND', `set ${ctx.set} has no service ${where.service}`, {
      hint: 'Bring the set up first (testbed up), or run in the project directory.',
    });
  }
  if (!service.image || service.build) {
    throw new NotFoundError('SERVICE_NOT_FOUND', `service ${where.service} of set ${ctx.set} has no container to take its image from`, {
      hint: `Bring the set up first: testbed up ${ctx.set}`,
    });
  }
  if (resources.networks.length === 0) throw setNotUp(ctx);
  const project = ctx.project;
  return {
    image: service.image,
    env: Object.entries(service.environment).flatMap(([k, v]) => (v === null ? [] : [`${k}=${v}`])),
    networks: Object.keys(service.networks).map((key) => engineNetworkName(project, ctx.set, key)).sort(),
    mounts: serviceMounts(ctx, where.service),
  };
}

function setNotUp(ctx: SetContext): NotFoundError {
  return new NotFoundError('SET_NOT_FOUND', `set ${ctx.set} has no networks to run a container on`, {
    hint: `Bring it up first: testbed up ${ctx.set}`,
  });
}

export async function ensureImage(engine: Engine, image: string): Promise<void> {
  if (await engine.inspectImage(image)) return;
  await engine.pullImage(image);
}
