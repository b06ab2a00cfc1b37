/**
 * The UID a set runs its arbitrary-UID services under: chosen at random once, when the set is
 * first made with such a service, and kept in the set's folder (`arbitrary-uid`) so every later
 * `up` makes the same containers. `remove` forgets it with the folder; a set made again gets another.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../common/atomic-file.js';
import type { Project } from '../../model/project.js';
import { arbitraryUidServices, pickArbitraryUid } from '../../plan/arbitrary-uid.js';
import type { SetContext } from '../set-context.js';

export const ARBITRARY_UID_FILE = 'arbitrary-uid';

/** Undefined when no service of the project asks for one. */
export async function setArbitraryUid(ctx: SetContext, project: Project, random: () => number = Math.random): Promise<number | undefined> {
  if (arbitraryUidServices(project).length === 0) return undefined;
  const stored = await readStoredUid(ctx);
  if (stored !== undefined) return stored;
  const uid = pickArbitraryUid(random);
  await mkdir(ctx.folder.path, { recursive: true, mode: 0o700 });
  await writeFileAtomic(ctx.folder.file(ARBITRARY_UID_FILE), `${uid}\n`);
  return uid;
}

export async function readStoredUid(ctx: SetContext): Promise<number | undefined> {
  try {
    const uid = Number((await readFile(ctx.folder.file(ARBITRARY_UID_FILE), 'utf8')).trim());
    // A damaged file is replaced by a new choice rather than failing every command.
    return Number.isInteger(uid) && uid > 0 ? uid : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
