/**
 * Before a container of an arbitrary-UID service starts, its writable volumes are made group-0
 * writable by a short-lived root container (plan/arbitrary-uid.ts has the script): the volumes
 * of the set it writes to, and the anonymous ones of its writable_paths, which the engine has
 * filled with the image's files when it made the container. Volumes the set does not own
 * (external ones, shared with others) are left as they are. Done at every start, as the
 * Kubernetes render's init container does: cheap, and right after a restore or a recreate.
 */
import { randomBytes } from 'node:crypto';
import { ServiceFailedError } from '../../common/errors.js';
import { currentOwner, formatOwner } from '../../common/process-owner.js';
import type { ContainerSummary, VolumeSummary } from '../../engine/engine.js';
import { prepareWritableSpec, PREPARE_IMAGE } from '../../plan/arbitrary-uid.js';
import { LABEL } from '../../plan/labels.js';
import { ensureImage } from '../one-off-basis.js';
import type { SetContext } from '../set-context.js';

const ANONYMOUS = /^[0-9a-f]{64}$/;

export async function prepareWritable(ctx: SetContext, container: ContainerSummary): Promise<void> {
  if (!container.labels[LABEL.arbitraryUid]) return;
  const details = await ctx.engine.inspectContainer(container.id);
  const names = (details?.mounts ?? []).filter((m) => m.type === 'volume' && !m.readOnly && m.name).map((m) => m.name!);
  const owned: string[] = [];
  for (const name of names) {
    if (ownedBySet(ctx, name, await ctx.engine.inspectVolume(name))) owned.push(name);
  }
  if (owned.length === 0) return;

  const service = container.labels[LABEL.service] ?? container.name;
  const testMark = container.labels[LABEL.test];
  await ensureImage(ctx.engine, PREPARE_IMAGE);
  const spec = prepareWritableSpec({
    project: ctx.projectName,
    set: ctx.set,
    service,
    runId: `prep-${randomBytes(4).toString('hex')}`,
    volumes: owned,
    owner: formatOwner(currentOwner()),
    ...(testMark ? { extraLabels: { [LABEL.test]: testMark } } : {}),
  });
  const id = await ctx.engine.createContainer(spec);
  try {
    await ctx.engine.startContainer(id);
    const code = await ctx.engine.waitContainer(id);
    if (code !== 0) {
      const output: string[] = [];
      for await (const line of ctx.engine.logs(id, { follow: false, tail: 20 })) output.push(line.line);
      throw new ServiceFailedError(`could not make the volumes of ${container.name} writable for its arbitrary UID (exit ${code})`, {
        hint: `The helper (${PREPARE_IMAGE}, as root) said:\n${output.join('\n') || '(nothing)'}`,
        details: { service, container: container.name, volumes: owned },
      });
    }
  } finally {
    await ctx.engine.removeContainer(id).catch(() => undefined);
  }
}

/** The set's own named volumes, and anonymous ones (made for this container alone). */
function ownedBySet(ctx: SetContext, name: string, volume: VolumeSummary | undefined): boolean {
  if (!volume) return false;
  if (volume.labels[LABEL.project] === ctx.projectName && volume.labels[LABEL.set] === ctx.set) return true;
  return ANONYMOUS.test(name) && !volume.labels[LABEL.managed];
}
