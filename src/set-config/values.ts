/**
 * The values a set is configured with: the file's `x-testbed.values`, then the overrides
 * given for this set (`--values FILE`, `--set-value KEY=VALUE`). Overrides are kept in the
 * set's folder, so later commands (render, test, a plain `up`) see the same configuration
 * until they are changed; a new override merges onto the kept ones.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../common/atomic-file.js';
import type { SetFolder } from '../lifecycle/set-folder.js';

export type Values = Record<string, unknown>;

function isRecord(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Later wins; mappings merge key by key, anything else is replaced. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isRecord(current) && isRecord(value) ? mergeValues(current, value) : value;
  }
  return out;
}

/** `a.b.c` + value -> { a: { b: { c: value } } }. */
export function valueAtPath(path: string, value: unknown): Values {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Values;
}

async function readOverrides(folder: SetFolder): Promise<Values> {
  try {
    return JSON.parse(await readFile(folder.file('values.json'), 'utf8')) as Values;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
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
