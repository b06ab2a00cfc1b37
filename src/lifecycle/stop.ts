/**
 * `stop`: stop a set's containers, dependents before what they depend on. Works from labels
 * alone, so a set can be stopped without its file.
 */
import { stopWaves } from '../plan/graph.js';
import { ignoreEvents } from './events.js';
import { runHooks } from './service-hooks.js';
import { byService, findSetResources } from './set-resources.js';
import type { OperationOptions, SetContext } from './set-context.js';

export interface StopOptions extends OperationOptions {
  services?: string[];
  timeoutSeconds?: number;
}

export async function stopSet(ctx: SetContext, options: StopOptions = {}): Promise<void> {
  const events = options.events ?? ignoreEvents;
  const containers = byService((await findSetResources(ctx.engine, ctx.projectName, ctx.set)).containers);
  const names = options.services ?? [...containers.keys()];
  // Without the file the graph is unknown: all at once is then the only order there is.
  const waves = ctx.project ? stopWaves(ctx.project.services, names).map((w) => w.filter((s) => containers.has(s))) : [names];
  const leftovers = names.filter((n) => !waves.flat().includes(n));
  for (const wave of [...waves, leftovers]) {
    await Promise.all(
      wave.flatMap((service) =>
        (containers.get(service) ?? [])
          .filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused')
          .map(async (c) => {
            const declared = ctx.project?.services[service];
            // A paused container cannot run a command: its hooks are skipped rather than blocking the stop.
            if (declared && c.state === 'running') await runHooks(ctx, declared, c, 'pre_stop', events, options.signal);
            await ctx.engine.stopContainer(c.id, options.timeoutSeconds);
            events({ kind: 'container', service, name: c.name, action: 'stopped' });
          }),
      ),
    );
  }
}
