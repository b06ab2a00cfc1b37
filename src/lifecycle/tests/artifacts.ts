/**
 * Files a test expects to exist after its run, copied out of the container into the test's
 * result folder as artifacts/<service>/<path in the container>. A missing file is a failure.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tarFs from 'tar-fs';
import type { Engine } from '../../engine/engine.js';

export interface CollectOutcome {
  /** Paths of the copied files, relative to the test's folder. */
  files: string[];
  failures: string[];
}

/**
 * @param owner the folder name under artifacts/ (the service, or "test" for the test's own container)
 * @param shownAs how the container is named in a failure ("service db", "the test's container")
 */
export async function collectArtifact(
  engine: Engine,
  containerId: string,
  path: string,
  testFolder: string,
  owner: string,
  shownAs: string,
): Promise<CollectOutcome> {
  let archive;
  try {
    archive = await engine.getArchive(containerId, path);
  } catch {
    return { files: [], failures: [`expected ${path} in ${shownAs}, but it does not exist`] };
  }
  const into = join(testFolder, 'artifacts', owner, posix.dirname(path));
  await mkdir(into, { recursive: true });
  await pipeline(archive, tarFs.extract(into));
  const root = join(into, posix.basename(path));
  return { files: (await listFiles(root)).map((f) => relative(testFolder, f)), failures: [] };
}

async function listFiles(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(join(path, e.name)) : [join(path, e.name)])));
    return nested.flat().sort();
  } catch (err) {
    // Not a directory: the path is the file itself.
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return [path];
    throw err;
  }
}
