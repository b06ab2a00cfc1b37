/**
 * Built images where a cluster can pull them: build (or find) each built service's image,
 * tag it with the reference the cluster will use, and push it with the engine's registry
 * client and the user's credentials (~/.docker/config.json, credential helpers).
 */
import { registryAuth } from '../engine/registry-auth.js';
import type { Engine } from '../engine/engine.js';
import type { Project } from '../model/project.js';
import { throwIfAborted } from './abort.js';
import { ignoreEvents, type EventSink } from './events.js';
import { ensureImages } from './images.js';

export interface PushTarget {
  repository: string;
  tag: string;
}

export interface PushOptions {
  events?: EventSink;
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
}

/** Service -> where its image goes; returns the pushed references. */
export async function pushBuiltImages(
  engine: Engine,
  project: Project,
  targets: Record<string, PushTarget>,
  options: PushOptions = {},
): Promise<string[]> {
  const events = options.events ?? ignoreEvents;
  const services = Object.keys(targets);
  if (services.length === 0) return [];
  const local = await ensureImages(engine, project, { services, events, ...(options.signal ? { signal: options.signal } : {}) });
  const pushed: string[] = [];
  for (const service of services) {
    throwIfAborted(options.signal);
    const { repository, tag } = targets[service]!;
    const ref = `${repository}:${tag}`;
    await engine.tagImage(local[service]!, repository, tag);
    events({ kind: 'image', service, action: 'pushing', image: ref });
    await engine.pushImage(ref, await registryAuth(ref, { env: options.env ?? process.env }));
    events({ kind: 'image', service, action: 'pushed', image: ref });
    pushed.push(ref);
  }
  return pushed;
}
