/**
 * The snapshot's data volume: the lower layer of every copy-on-write volume made from the
 * snapshot. Filled once per engine from the data image (the engine copies the image's folder
 * into the empty volume when a container mounting it is created), marked as filled last, and
 * kept until the snapshot is removed. Never mounted writable by a set: changing it under a
 * mounted overlay is undefined, which is why `snapshot rm` refuses while sets read it.
 */
import { rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { SnapshotError } from '../../common/errors.js';
import { acquireLock } from '../../common/lock-file.js';
import { formatBytes } from '../../common/format-bytes.js';
import type { Engine, VolumeSummary } from '../../engine/engine.js';
import { COW_LABEL, dataVolumeSpec, FILLED_MARKER, VOLUMES_DIR } from '../../plan/cow-volumes.js';
import { LABEL } from '../../plan/labels.js';
import { helperSpec } from '../../plan/snapshot-specs.js';
import type { MountSpec } from '../../plan/specs.js';
import type { EventSink } from '../events.js';
import type { SetContext } from '../set-context.js';
import type { Snapshot } from './open-snapshot.js';

/**
 * A helper container of the data image with the filled data volume mounted on its volumes
 * folder (and `more` mounts beside it), made under a lock in the state folder so that two
 * restores of one snapshot never fill the volume at once. The caller removes the helper.
 */
export async function helperOnFilledData(
  ctx: SetContext,
  snapshot: Snapshot,
  helper: { name: string; purpose: string; more: MountSpec[] },
  events: EventSink,
): Promise<{ container: string; volume: VolumeSummary }> {
  const spec = dataVolumeSpec({ imageId: snapshot.imageId, name: snapshot.manifest.name, project: snapshot.manifest.project, ref: snapshot.ref });
  const lockPath = join(ctx.folder.root, '.snapshots', `${spec.name}.lock`);
  const lock = await acquireLock(lockPath, `fill ${spec.name}`);
  try {
    for (let attempt = 1; ; attempt++) {
      const existed = await ctx.engine.inspectVolume(spec.name);
      if (!existed) {
        const bytes = Object.values(snapshot.manifest.volumes).reduce((sum, v) => sum + v.bytes, 0);
        events({ kind: 'snapshot', action: 'step', message: `snapshot ${snapshot.manifest.name}: filling its data volume ${spec.name} (${formatBytes(bytes)}, once on this engine)` });
        await ctx.engine.createVolume(spec);
      }
      await ctx.engine.removeContainer(helper.name);
      const container = await ctx.engine.createContainer(
        helperSpec({
          name: helper.name,
          image: snapshot.imageId,
          purpose: helper.purpose,
          mounts: [{ type: 'volume', source: spec.name, target: VOLUMES_DIR, readOnly: false, noCopy: false }, ...helper.more],
        }),
      );
      const volume = (await ctx.engine.inspectVolume(spec.name))!;
      if (await ctx.engine.statPath(container, `${VOLUMES_DIR}/${FILLED_MARKER}`)) return { container, volume };
      if (!existed) {
        // Just filled by the create above: marked last, so an interrupted fill is never taken for a whole one.
        await ctx.engine.putArchive(container, VOLUMES_DIR, Readable.from(marker()));
        return { container, volume };
      }
      // Left half-filled by a restore that was interrupted (or is running under another state folder).
      await ctx.engine.removeContainer(container);
      if (attempt > 1 || (await setsReading(ctx.engine, spec.name)).length > 0) {
        throw new SnapshotError('SNAPSHOT_INVALID', `the data volume ${spec.name} of snapshot ${snapshot.ref} is incomplete and in use`, {
          hint: `Another restore may be filling it right now: run the command again when it is done. If none is, remove the sets listed by testbed snapshot rm ${snapshot.manifest.name}, then docker volume rm ${spec.name}.`,
        });
      }
      events({ kind: 'warning', message: `the data volume ${spec.name} of snapshot ${snapshot.manifest.name} was left half-filled: filling it again` });
      await ctx.engine.removeVolume(spec.name);
    }
  } finally {
    await lock.release();
    await rmdir(dirname(lockPath)).catch(() => undefined);
  }
}

/** The sets whose copy-on-write volumes read a data volume: "set (project p)", sorted. */
export async function setsReading(engine: Engine, dataVolume: string): Promise<string[]> {
  const volumes = await engine.listVolumes({ [COW_LABEL.lower]: dataVolume });
  return [...new Set(volumes.map((v) => `${v.labels[LABEL.set] ?? '?'} (project ${v.labels[LABEL.project] ?? '?'})`))].sort();
}

/** The data volumes filled from a data image (one, unless two state folders filled it at once). */
export function dataVolumesOf(engine: Engine, imageId: string): Promise<VolumeSummary[]> {
  return engine.listVolumes({ [COW_LABEL.dataImage]: imageId });
}

function marker(): ReturnType<typeof pack> {
  const tar = pack();
  tar.entry({ name: FILLED_MARKER, mode: 0o644, uid: 0, gid: 0 }, 'filled\n');
  tar.finalize();
  return tar;
}
