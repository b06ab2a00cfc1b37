/**
 * Configuration files as an image ships them: read from a container of the image that is made
 * and never started (so nothing the service did since is mixed in), through the engine's
 * archive of a folder. Only files whose names say configuration are read, and only so much.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { currentOwner, formatOwner } from '../../../common/process-owner.js';
import { CONFIG_FILE_NAME, SKIPPED_FOLDER } from '../../../model/doctor/config-scan.js';
import { oneOffSpec } from '../../../plan/one-off-spec.js';
import type { SetContext } from '../../set-context.js';

const MAX_FILE_BYTES = 256 * 1024;
const MAX_ENTRIES = 200_000;

export interface ImageFiles {
  /** Absolute path -> text, for configuration files found under the folders asked for. */
  files: Map<string, string>;
  /** Paths asked for that the image has (the others it does not). */
  present: Set<string>;
  truncated: boolean;
}

/** Reads `folders` (config files below them) and whether each of `paths` exists, in `image`. */
export async function readImageFiles(set: SetContext, image: string, folders: string[], paths: string[]): Promise<ImageFiles> {
  const out: ImageFiles = { files: new Map(), present: new Set(), truncated: false };
  const spec = oneOffSpec({
    project: set.projectName,
    set: set.set,
    runId: `doctor-${randomBytes(4).toString('hex')}`,
    purpose: 'doctor/image-files',
    image,
    command: ['/nonexistent'],
    env: [],
    binds: [],
    networks: [],
    owner: formatOwner(currentOwner()),
  });
  const id = await set.engine.createContainer(spec);
  try {
    for (const folder of folders) {
      const archive = await set.engine.getArchive(id, folder).catch(() => undefined);
      if (archive) out.truncated = (await collect(archive, posix.dirname(folder), out.files)) || out.truncated;
    }
    for (const path of paths) {
      const archive = await set.engine.getArchive(id, path).catch(() => undefined);
      if (archive) {
        out.present.add(path);
        archive.destroy();
      }
    }
  } finally {
    await set.engine.removeContainer(id).catch(() => undefined);
  }
  return out;
}

/** True when it stopped early (too many entries). */
function collect(archive: Readable, parent: string, files: Map<string, string>): Promise<boolean> {
  const reader = extract();
  let entries = 0;
  let truncated = false;
  reader.on('entry', (header, stream, next) => {
    const path = posix.join(parent, header.name);
    const wanted = header.type === 'file' && (header.size ?? 0) <= MAX_FILE_BYTES && CONFIG_FILE_NAME.test(posix.basename(path)) && !SKIPPED_FOLDER.test(path);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => {
      if (wanted) chunks.push(chunk as Buffer);
    });
    stream.on('end', () => {
      if (wanted) files.set(path, Buffer.concat(chunks).toString('utf8'));
      if (++entries >= MAX_ENTRIES) {
        truncated = true;
        archive.unpipe(reader);
        archive.destroy();
        reader.destroy();
        return;
      }
      next();
    });
  });
  return new Promise((resolve, reject) => {
    reader.on('finish', () => resolve(truncated));
    reader.on('close', () => resolve(truncated));
    reader.on('error', (err) => (truncated ? resolve(true) : reject(err)));
    archive.on('error', (err) => (truncated ? resolve(true) : reject(err)));
    archive.pipe(reader);
  });
}
