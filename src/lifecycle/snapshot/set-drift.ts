/**
 * Whether a set still is what its file describes: the plan `up` would make now, compared with
 * the containers' config hashes. A snapshot of a set that drifted would not restore as the
 * file says, so it is refused unless forced.
 */
import type { ContainerSummary } from '../../engine/engine.js';
import type { Project } from '../../model/project.js';
import { LABEL } from '../../plan/labels.js';
import { planSet } from '../../plan/set-plan.js';
import { setAddresses } from '../addresses.js';
import { prepareSetFiles, setConfiguration } from '../configure/prepare.js';
import type { EventSink } from '../events.js';
import type { SetContext } from '../set-context.js';
import { byService, serviceOf } from '../set-resources.js';
import { setSubnets } from '../set-ipam.js';
import { fileImageRef } from './image-sources.js';
import { recordedSnapshotImages } from './set-images.js';

/** One line per service that differs ("db: changed since its containers were made"); empty when the set matches. */
export async function setDrift(ctx: SetContext, project: Project, containers: ContainerSummary[], events: EventSink): Promise<string[]> {
  const record = await ctx.folder.read();
  const publish = record?.publish ?? 'loopback';
  const addresses = await setAddresses(ctx, project);
  const configuration = await setConfiguration(ctx, project, { addresses, publish });
  const prepared = await prepareSetFiles(ctx, project, configuration, { write: false });
  const images: Record<string, string> = {};
  for (const service of Object.values(project.services)) images[service.name] = await fileImageRef(project, service);
  Object.assign(images, await recordedSnapshotImages(ctx, project, events));
  const plan = planSet({ project, set: ctx.set, addresses, images, publish, subnets: await setSubnets(ctx, project), ...prepared });

  const existing = byService(containers);
  const drift: string[] = [];
  for (const [service, specs] of Object.entries(plan.containers)) {
    const current = existing.get(service) ?? [];
    if (current.length === 0) {
      drift.push(`${service}: in the file, but the set has no container for it`);
      continue;
    }
    const stale = specs.filter((spec) => {
      const found = current.find((c) => c.labels[LABEL.number] === spec.labels[LABEL.number]);
      return !found || found.labels[LABEL.configHash] !== spec.labels[LABEL.configHash];
    });
    if (stale.length > 0 || current.length > specs.length) drift.push(`${service}: changed in the file since its containers were made`);
  }
  for (const service of new Set(containers.map(serviceOf))) {
    if (!project.services[service]) drift.push(`${service}: no longer in the file`);
  }
  return drift;
}
