/**
 * A Docker set's secrets: generated once and kept in the set's folder (0600), reused by every
 * later `up`, so data made with them (a database's users) keeps working. Values read from
 * the environment or a file are taken fresh each time; derived ones follow their source.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../../common/atomic-file.js';
import type { Project } from '../../model/project.js';
import { resolveSecrets, type KeptSecret } from '../../set-config/resolve-secrets.js';
import { setSecretSources } from '../../set-config/secret-sources.js';
import type { SetFolder } from '../set-folder.js';

export { generateSecret } from '../../set-config/secret-values.js';

interface StoredSecret {
  value: string;
  /** For derived secrets: a hash of the source value it was computed from. */
  source?: string;
}

type Store = Record<string, StoredSecret>;

const fingerprint = (value: string) => createHash('sha256').update(value).digest('hex');

async function readStore(folder: SetFolder): Promise<Store> {
  return (await folder.readJson<Store>('secrets.json')) ?? {};
}

async function writeStore(folder: SetFolder, store: Store): Promise<void> {
  await mkdir(folder.path, { recursive: true, mode: 0o700 });
  await writeFileAtomic(folder.file('secrets.json'), JSON.stringify(store, null, 2) + '\n');
}

/** A stored generated value is kept; a stored derived one while it was made from the same source value. */
function keptIn(store: Store): KeptSecret {
  return (name, source, from) => {
    const stored = store[name];
    if (!stored) return undefined;
    if (source.kind === 'generate') return stored.value;
    return from !== undefined && stored.source === fingerprint(from) ? stored.value : undefined;
  };
}

/**
 * Every secret of the set by name: Testbed's own and the Compose secrets with file/content/environment.
 * With `persist: false`, a secret generated now is not stored (a read that must not change the set).
 */
export async function ensureSetSecrets(folder: SetFolder, project: Project, options: { persist?: boolean } = {}): Promise<Record<string, string>> {
  const [stored, sources] = await Promise.all([readStore(folder), setSecretSources(project)]);
  const values = resolveSecrets(sources, keptIn(stored));
  const next: Store = { ...stored };
  for (const [name, source] of Object.entries(sources)) {
    if (source.kind === 'generate') next[name] = { value: values[name]! };
    else if (source.kind === 'derive') next[name] = { value: values[name]!, source: fingerprint(values[source.from]!) };
  }
  if (options.persist !== false && JSON.stringify(next) !== JSON.stringify(stored)) await writeStore(folder, next);
  return values;
}

/** The stored secrets only (for `testbed secrets` without the project file). */
export async function storedSecrets(folder: SetFolder): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(await readStore(folder)).map(([k, v]) => [k, v.value]));
}

/**
 * The values to keep out of output: every secret of the set when its file is at hand, else
 * those stored in its folder. Nothing is generated or stored for it.
 */
export async function secretValues(folder: SetFolder, project?: Project): Promise<Record<string, string>> {
  const stored = await storedSecrets(folder);
  return project ? { ...stored, ...(await ensureSetSecrets(folder, project, { persist: false })) } : stored;
}
