/**
 * `snapshot.json` in a set's folder: the snapshot the set was made from, so a later `up` keeps
 * running its images and `reset` can go back to it. Removed with the folder (`testbed remove`).
 */
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import type { SetFolder } from '../set-folder.js';

export interface SnapshotRecord {
  /** The reference the set was made from: a local snapshot's or a registry's. */
  ref: string;
  name: string;
  /** Id of the snapshot's data image, to notice a name that now stands for another snapshot. */
  imageId: string;
  restoredAt: string;
}

const FILE = 'snapshot.json';

export async function readSnapshotRecord(folder: SetFolder): Promise<SnapshotRecord | undefined> {
  try {
    return JSON.parse(await readFile(folder.file(FILE), 'utf8')) as SnapshotRecord;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function writeSnapshotRecord(folder: SetFolder, record: SnapshotRecord): Promise<void> {
  await mkdir(folder.path, { recursive: true, mode: 0o700 });
  const tmp = folder.file(`.${FILE}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, folder.file(FILE));
}
