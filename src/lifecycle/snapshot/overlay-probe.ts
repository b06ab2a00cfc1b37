/**
 * Whether the engine can mount an overlay volume, found out by mounting one: the engine mounts
 * a container's volumes to look inside it, so a helper container (created, never started) is
 * enough. Nothing is written to the volumes.
 */
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { TestbedError } from '../../common/errors.js';
import type { Engine } from '../../engine/engine.js';
import { LAYERS_DIR, layerDirs, overlayVolumeSpec } from '../../plan/cow-volumes.js';
import { helperContainerName, helperSpec } from '../../plan/snapshot-specs.js';
import type { VolumeSpec } from '../../plan/specs.js';
import type { SetContext } from '../set-context.js';

/**
 * Mounts `mounts` in a helper of `image`, then runs `then` with it. Resolves with the engine's
 * reason when it cannot mount one of them, undefined when all went well.
 */
export async function mountRefusal(
  engine: Engine,
  helper: { name: string; image: string; purpose: string },
  mounts: { volume: string; path: string }[],
  then: (container: string) => Promise<void> = async () => {},
): Promise<string | undefined> {
  await engine.removeContainer(helper.name);
  const container = await engine.createContainer(
    helperSpec({ ...helper, mounts: mounts.map((m) => ({ type: 'volume', source: m.volume, target: m.path, readOnly: true, noCopy: true })) }),
  );
  try {
    for (const mount of mounts) {
      try {
        await engine.statPath(container, mount.path);
      } catch (err) {
        if (!cannotMount(err)) throw err;
        return (err as Error).message;
      }
    }
    await then(container);
    return undefined;
  } finally {
    await engine.removeContainer(container);
  }
}

/** The engine refused the mount or the volume (not a timeout, an unreachable engine or Ctrl-C). */
export function cannotMount(err: unknown): boolean {
  return err instanceof TestbedError && err.code === 'ENGINE_FAILED';
}

const PROBE = '.probe';

/**
 * Mounts an empty overlay whose three folders are in the set's layers volume. Resolves with
 * the engine's reason when it cannot, undefined when it can; what it made is removed.
 */
export async function overlayRefusal(engine: Engine, ctx: SetContext, image: string, layers: VolumeSpec): Promise<string | undefined> {
  const prepare = helperContainerName(ctx.projectName, ctx.set, 'probe');
  await engine.removeContainer(prepare);
  const helper = await engine.createContainer(
    helperSpec({ name: prepare, image, purpose: `probe ${ctx.set}`, mounts: [{ type: 'volume', source: layers.name, target: LAYERS_DIR, readOnly: false, noCopy: true }] }),
  );
  try {
    await engine.putArchive(helper, LAYERS_DIR, Readable.from(probeFolders()));
  } finally {
    await engine.removeContainer(helper);
  }
  const mountpoint = (await engine.inspectVolume(layers.name))?.mountpoint;
  if (!mountpoint) return 'the engine does not say where it keeps volumes';
  const probe = overlayVolumeSpec(
    { name: `${layers.name}-probe`, driverOpts: {}, labels: layers.labels },
    { lowerMountpoint: mountpoint, lowerPath: `${PROBE}/lower`, layersMountpoint: mountpoint, key: PROBE, lowerVolume: layers.name },
  );
  if ('problem' in probe) return probe.problem;
  try {
    await engine.createVolume(probe.spec);
    return await mountRefusal(engine, { name: prepare, image, purpose: `probe ${ctx.set}` }, [{ volume: probe.spec.name, path: LAYERS_DIR }]);
  } catch (err) {
    if (!cannotMount(err)) throw err;
    return (err as Error).message;
  } finally {
    await engine.removeVolume(probe.spec.name);
  }
}

function probeFolders(): ReturnType<typeof pack> {
  const tar = pack();
  const dirs = layerDirs(PROBE);
  for (const name of [PROBE, `${PROBE}/lower`, dirs.upper, dirs.work]) tar.entry({ name, type: 'directory', mode: 0o755, uid: 0, gid: 0 });
  tar.finalize();
  return tar;
}
