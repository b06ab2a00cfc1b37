/**
 * `destroy`: remove a set's containers and networks. Named volumes, the data, stay unless
 * the user asks for exactly that with `volumes: true`; `removeSet` also drops the set's folder
 * and, when asked, the images built for the project.
 */
import { forgetJobsDone } from './jobs/run-job.js';
import { LABEL, projectSelector } from '../plan/labels.js';
import { ignoreEvents } from './events.js';
import { removeContainers } from './remove-containers.js';
import { runHooks } from './service-hooks.js';
import { findSetResources, serviceOf } from './set-resources.js';
import type { OperationOptions, SetContext } from './set-context.js';

export interface DestroyOptions extends OperationOptions {
  volumes?: boolean;
}

export async function destroySet(ctx: SetContext, options: DestroyOptions = {}): Promise<void> {
  const events = options.events ?? ignoreEvents;
  const resources = await findSetResources(ctx.engine, ctx.projectName, ctx.set);
  // As `docker compose down`: pre_stop hooks run before the containers go (with the file known).
  await Promise.all(
    resources.containers.map(async (c) => {
      const declared = ctx.project?.services[serviceOf(c)];
      if (declared && c.state === 'running') await runHooks(ctx, declared, c, 'pre_stop', events, options.signal);
    }),
  );
  await removeContainers(ctx.engine, [...resources.containers, ...resources.oneOffs], events);
  await Promise.all(
    resources.networks.map(async (n) => {
      // By ID: two networks may share the name (see set-networks.ts), and remove removes both.
      await ctx.engine.removeNetwork(n.id);
      events({ kind: 'network', name: n.name, action: 'removed' });
    }),
  );
  await Promise.all(
    resources.volumes.map(async (v) => {
      if (!options.volumes) return events({ kind: 'volume', name: v.name, action: 'kept' });
      await ctx.engine.removeVolume(v.name);
      events({ kind: 'volume', name: v.name, action: 'removed' });
    }),
  );
  // `once` jobs seeded the data that just went; the next up must seed again.
  if (options.volumes) await forgetJobsDone(ctx);
}

export interface RemoveOptions extends OperationOptions {
  /** Also remove the images built for the set's project (when no other set of it still runs them). */
  images?: boolean;
}

/** The set and everything it stored: containers, networks, volumes and its folder. */
export async function removeSet(ctx: SetContext, options: RemoveOptions = {}): Promise<{ imagesKept: string[] }> {
  await destroySet(ctx, { ...options, volumes: true });
  await ctx.folder.remove();
  const imagesKept: string[] = [];
  if (options.images) {
    const [images, containers] = await Promise.all([
      ctx.engine.listImages(projectSelector(ctx.projectName)),
      ctx.engine.listContainers(projectSelector(ctx.projectName)),
    ]);
    const inUse = new Set(containers.map((c) => c.image));
    for (const image of images) {
      const tags = image.tags.length ? image.tags : [image.id];
      if (tags.some((t) => inUse.has(t)) || inUse.has(image.id)) {
        imagesKept.push(...tags);
        continue;
      }
      for (const tag of tags) {
        await ctx.engine.removeImage(tag);
        (options.events ?? ignoreEvents)({ kind: 'image', service: image.labels[LABEL.service] ?? '', action: 'removed', image: tag });
      }
    }
  }
  return { imagesKept };
}
