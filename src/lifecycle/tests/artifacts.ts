/**
 * Files a test expects to exist after its run, copied out of the container into the test's
 * result folder as artifacts/<service>/<path in the container>. A missing file is a failure.
 */
import { lstat, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, posix, relative } from 'node:path';
import type { Engine } from '../../engine/engine.js';
import { extractArchive } from '../archive/extract-archive.js';

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
  // The path is the test file's, the archive the container's: both are kept inside the test's folder.
  const inContainer = posix.resolve('/', path);
  const destination = join(testFolder, 'artifacts', owner, ...inContainer.split('/').filter(Boolean));
  await mkdir(dirname(destination), { recursive: true, mode: 0o700 });
  await extractArchive(archive, { top: posix.basename(inContainer) || '/', destination, what: `${path} of ${shownAs} to ${destination}` });
  return { files: (await listFiles(destination)).map((f) => relative(testFolder, f)), failures: [] };
}

/** The files under a path; a link is listed, not followed: it may point anywhere on the host. */
async function listFiles(path: string): Promise<string[]> {
  if (!(await lstat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(join(path, e.name)) : [join(path, e.name)])));
  return nested.flat().sort();
}
