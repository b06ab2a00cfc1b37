/**
 * The data image of a snapshot, made on an empty image: the set's folder files (secrets,
 * values, job markers) under /testbed/set, and each named volume's content under
 * /testbed/volumes/<key>/. A volume mounted on that folder of a container of the image is
 * filled by the engine from it, which is how a set made from the snapshot gets its data.
 */
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import type { Engine } from '../../engine/engine.js';
import type { VolumeRecord } from '../../plan/snapshot-manifest.js';
import { DATA_ROOT, parseImageRef, SET_FILES_DIR, volumeDataDir } from '../../plan/snapshot-names.js';
import { helperSpec } from '../../plan/snapshot-specs.js';
import type { Labels } from '../../plan/specs.js';
import { copyBetween } from './copy-between.js';

export interface SetFile {
  /** Path below the set's folder, e.g. jobs/seed/done. */
  path: string;
  content: Buffer;
}

export interface VolumeSource {
  key: string;
  /** A container that mounts it, and where. */
  container: string;
  target: string;
}

export interface DataCaptureInput {
  scratchImage: string;
  ref: string;
  helperName: string;
  setFiles: SetFile[];
  volumes: VolumeSource[];
  /** The image's labels, once the volumes' records are known. */
  labels: (volumes: Record<string, VolumeRecord>) => Labels;
  onStep?: (message: string) => void;
}

export async function captureData(engine: Engine, input: DataCaptureInput): Promise<{ imageId: string; volumes: Record<string, VolumeRecord> }> {
  const { repository, tag } = parseImageRef(input.ref);
  await engine.removeContainer(input.helperName);
  const helper = await engine.createContainer(helperSpec({ name: input.helperName, image: input.scratchImage, purpose: `capture data ${tag}` }));
  try {
    await engine.putArchive(helper, '/', Readable.from(skeleton(input.setFiles, input.volumes.map((v) => v.key))));
    const volumes: Record<string, VolumeRecord> = {};
    for (const volume of input.volumes) {
      input.onStep?.(`volume ${volume.key}: reading it from ${volume.target}`);
      const summary = await copyBetween(engine, { container: volume.container, path: volume.target }, { container: helper, directory: volumeDataDir(volume.key) });
      volumes[volume.key] = { path: `${volumeDataDir(volume.key)}/${posix.basename(volume.target)}`, mountedAt: volume.target, ...summary };
    }
    const imageId = await engine.commitContainer(helper, { repository, tag, labels: input.labels(volumes), baseConfig: true });
    return { imageId, volumes };
  } finally {
    await engine.removeContainer(helper);
  }
}

/** The folders, and the set's files (0600 in 0700 folders, as in the set's folder). */
function skeleton(files: SetFile[], keys: string[]): ReturnType<typeof pack> {
  const tar = pack();
  const root = DATA_ROOT.slice(1);
  const setDir = SET_FILES_DIR.slice(1);
  tar.entry({ name: root, type: 'directory', mode: 0o755 });
  tar.entry({ name: setDir, type: 'directory', mode: 0o700 });
  const dirs = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  for (const dir of [...dirs].sort()) tar.entry({ name: `${setDir}/${dir}`, type: 'directory', mode: 0o700 });
  for (const file of files) tar.entry({ name: `${setDir}/${file.path}`, mode: 0o600 }, file.content);
  tar.entry({ name: `${root}/volumes`, type: 'directory', mode: 0o755 });
  for (const key of keys) tar.entry({ name: volumeDataDir(key).slice(1), type: 'directory', mode: 0o755 });
  tar.finalize();
  return tar;
}
