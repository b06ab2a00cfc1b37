/**
 * A Docker set keeps the value overrides it was given in its folder (values.json), so later
 * commands (render, test, a plain `up`) see the same configuration until they are changed; a new
 * override merges onto the kept ones.
 */
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { mergeValues, type Values } from '../../set-config/values.js';
import type { SetFolder } from '../set-folder.js';

async function readOverrides(folder: SetFolder): Promise<Values> {
  return (await folder.readJson<Values>('values.json')) ?? {};
}

/**
 * The set's values. With `overrides`, they are merged onto the kept ones and stored
 * (only when something is given, so read-only commands never write).
 */
export async function setValues(folder: SetFolder, defaults: Values, overrides?: Values, persist = true): Promise<Values> {
  let kept = await readOverrides(folder);
  if (overrides && Object.keys(overrides).length > 0) {
    kept = mergeValues(kept, overrides);
    if (!persist) return mergeValues(defaults, kept);
    await mkdir(folder.path, { recursive: true, mode: 0o700 });
    await writeFileAtomic(folder.file('values.json'), JSON.stringify(kept, null, 2) + '\n');
  }
  return mergeValues(defaults, kept);
}
