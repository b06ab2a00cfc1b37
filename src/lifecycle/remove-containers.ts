/**
 * Stops and removes containers in parallel. Named volumes always stay: only the container goes.
 */
import type { ContainerSummary, Engine } from '../engine/engine.js';
import type { EventSink } from './events.js';
import { serviceOf } from './set-resources.js';

export async function removeContainers(engine: Engine, containers: ContainerSummary[], events: EventSink): Promise<void> {
  await Promise.all(
    containers.map(async (c) => {
      if (c.state === 'running' || c.state === 'restarting' || c.state === 'paused') await engine.stopContainer(c.id);
      await engine.removeContainer(c.id);
      events({ kind: 'container', service: serviceOf(c), name: c.name, action: 'removed' });
    }),
  );
}
