/**
 * Makes sure every service has its image before anything is created: built services are built
 * (or found by their source hash), others must be on the engine or pullable. A missing image
 * therefore fails `up` before a single container or network exists.
 */
import pLimit from 'p-limit';
import { BuildError, ImageNotFoundError, formatPosition } from '../common/errors.js';
import type { Engine } from '../engine/engine.js';
import type { Project, Service } from '../model/project.js';
import { buildSpec } from '../plan/container-spec.js';
import { builtImageTag } from '../plan/names.js';
import { throwIfAborted } from './abort.js';
import { buildHash } from './build-hash.js';
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
  const entries = await Promise.all(
    names.map(async (name) => {
      const service = project.services[name]!;
      const ref = service.build
        ? await limit(() => ensureBuilt(engine, project, service, options))
        : await ensurePresent(engine, service, options);
      return [name, ref] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function ensureBuilt(engine: Engine, project: Project, service: Service, options: ImageOptions): Promise<string> {
  throwIfAborted(options.signal);
  const hash = await buildHash(service.build!);
  const tag = builtImageTag(project.name, service.name, hash);
  const emit = options.events ?? (() => {});
  if (!options.noCache && (await engine.inspectImage(tag))) {
    emit({ kind: 'image', service: service.name, action: 'cached', image: tag });
    return tag;
  }
  if (options.build === false) {
    throw new BuildError(`service ${service.name} has no image built from its current sources`, {
      hint: 'Run testbed build (or up) first.',
    });
  }
  emit({ kind: 'image', service: service.name, action: 'building', image: tag });
  await engine.buildImage(
    buildSpec(project, service, hash, options.noCache ?? false),
    (p) => emit({ kind: 'build-output', service: service.name, line: p.line }),
    options.signal,
  );
  emit({ kind: 'image', service: service.name, action: 'built', image: tag });
  return tag;
}

async function ensurePresent(engine: Engine, service: Service, options: ImageOptions): Promise<string> {
  const image = service.image!;
  const emit = options.events ?? (() => {});
  if (await engine.inspectImage(image)) {
    emit({ kind: 'image', service: service.name, action: 'present', image });
    return image;
  }
  throwIfAborted(options.signal);
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
