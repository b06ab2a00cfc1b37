/**
 * Makes sure every service has its image before anything is created: built services are built
 * (or found by their source hash), others must be on the engine or pullable. A missing image
 * therefore fails `up` before a single container or network exists.
 */
import pLimit from 'p-limit';
import { BuildError, ImageNotFoundError, formatPosition } from '../common/errors.js';
import type { Engine } from '../engine/engine.js';
import type { Project, Service } from '../model/project.js';
import { buildSpec } from '../plan/build-spec.js';
import { builtImageTag } from '../plan/names.js';
import { throwIfAborted } from './abort.js';
import { planBuilds, type PlannedBuild } from './build-plan.js';
import type { OperationOptions } from './set-context.js';

export interface ImageOptions extends OperationOptions {
  /** Only these services (default: all active). */
  services?: string[];
  noCache?: boolean;
  /** false: only resolve what is already there (create/start without build). */
  build?: boolean;
}

/** Two cores on the project's machines: more parallel builds only thrash. */
const BUILD_CONCURRENCY = 2;

/** Service name -> image reference to run. */
export async function ensureImages(
  engine: Engine,
  project: Project,
  options: ImageOptions = {},
): Promise<Record<string, string>> {
  const names = options.services ?? Object.keys(project.services);
  const limit = pLimit(BUILD_CONCURRENCY);
  const builds = await planBuilds(project, names);
  const [built, present] = await Promise.all([
    Promise.all(builds.map((plan) => limit(() => ensureBuilt(engine, project, plan, options)))),
    Promise.all(
      names
        .filter((name) => !project.services[name]!.build)
        .map(async (name) => ({ [name]: await ensurePresent(engine, project.services[name]!, options) })),
    ),
  ]);
  const refs: Record<string, string> = Object.assign({}, ...built, ...present);
  return Object.fromEntries(names.map((name) => [name, refs[name]!]));
}

/**
 * Builds the image of services that share a build once (or finds it under any of their tags),
 * then gives it every other service's tag.
 */
async function ensureBuilt(engine: Engine, project: Project, plan: PlannedBuild, options: ImageOptions): Promise<Record<string, string>> {
  throwIfAborted(options.signal);
  const emit = options.events ?? (() => {});
  const tags = Object.fromEntries(plan.services.map((name) => [name, builtImageTag(project.name, name, plan.hash)]));
  const found = options.noCache ? undefined : await firstPresent(engine, plan.services, tags);
  const source = found ?? plan.services[0]!;
  if (found) {
    emit({ kind: 'image', service: source, action: 'cached', image: tags[source]! });
  } else {
    if (options.build === false) {
      throw new BuildError(`service ${source} has no image built from its current sources`, {
        hint: 'Run testbed build (or up) first.',
      });
    }
    const service = project.services[source]!;
    emit({ kind: 'image', service: source, action: 'building', image: tags[source]! });
    await engine.buildImage(
      buildSpec(project, service, plan.hash, options.noCache ?? false),
      (p) => emit({ kind: 'build-output', service: source, line: p.line }),
      options.signal,
    );
    emit({ kind: 'image', service: source, action: 'built', image: tags[source]! });
  }
  for (const name of plan.services.filter((n) => n !== source)) {
    const [repository, tag] = splitTag(tags[name]!);
    await engine.tagImage(tags[source]!, repository, tag);
    emit({ kind: 'image', service: name, action: 'shared', image: tags[name]!, from: source });
  }
  return tags;
}

async function firstPresent(engine: Engine, services: string[], tags: Record<string, string>): Promise<string | undefined> {
  for (const name of services) if (await engine.inspectImage(tags[name]!)) return name;
  return undefined;
}

/** "testbed/shop-web:3f2a9c1e04b7" -> repository and tag (built tags always have both). */
function splitTag(ref: string): [string, string] {
  const colon = ref.lastIndexOf(':');
  return [ref.slice(0, colon), ref.slice(colon + 1)];
}

async function ensurePresent(engine: Engine, service: Service, options: ImageOptions): Promise<string> {
  const image = service.image!;
  const emit = options.events ?? (() => {});
  if (await engine.inspectImage(image)) {
    emit({ kind: 'image', service: service.name, action: 'present', image });
    return image;
  }
  throwIfAborted(options.signal);
  if (service.pullPolicy === 'never') {
    const where = formatPosition(service.position);
    throw new ImageNotFoundError(image, {
      details: { service: service.name, ...(where ? { position: where } : {}) },
      hint: `Service ${service.name}${where ? ` (${where})` : ''} has pull_policy: never, so the image must be on the engine already: load it (docker load) or build it.`,
    });
  }
  emit({ kind: 'image', service: service.name, action: 'pulling', image });
  try {
    await engine.pullImage(image);
  } catch (err) {
    const where = formatPosition(service.position);
    throw new ImageNotFoundError(image, {
      cause: err,
      details: { service: service.name, ...(where ? { position: where } : {}) },
      hint: `Service ${service.name}${where ? ` (${where})` : ''} needs it. Build or load it (docker load), add a build: section, or check the name.`,
    });
  }
  return image;
}
