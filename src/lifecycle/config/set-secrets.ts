/**
 * A set's secrets: generated once and kept in the set's folder (0600), reused by every
 * later `up`, so data made with them (a database's users) keeps working. Values read from
 * the environment or a file are taken fresh each time; derived ones follow their source.
 */
import { createHash } from 'node:crypto';
import { deriveSecret, generateSecret as makeSecret } from '../../common/secret-values.js';
import { mkdir, readFile } from 'node:fs/promises';
import { readTextFile } from '../../config/read-text.js';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { ConfigError } from '../../common/errors.js';
import type { Project, SecretSource } from '../../model/project.js';
import type { SetFolder } from '../set-folder.js';

export { generateSecret } from '../../common/secret-values.js';

interface StoredSecret {
  value: string;
  /** For derived secrets: a hash of the source value it was computed from. */
  source?: string;
}

type Store = Record<string, StoredSecret>;

const fingerprint = (value: string) => createHash('sha256').update(value).digest('hex');

async function readStore(folder: SetFolder): Promise<Store> {
  try {
    return JSON.parse(await readFile(folder.file('secrets.json'), 'utf8')) as Store;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

async function writeStore(folder: SetFolder, store: Store): Promise<void> {
  await mkdir(folder.path, { recursive: true, mode: 0o700 });
  await writeFileAtomic(folder.file('secrets.json'), JSON.stringify(store, null, 2) + '\n');
}

/**
 * Every secret of the set by name: Testbed's own and the Compose secrets with file/content/environment.
 * With `persist: false`, a secret generated now is not stored (a read that must not change the set).
 */
export async function ensureSetSecrets(folder: SetFolder, project: Project, options: { persist?: boolean } = {}): Promise<Record<string, string>> {
  const stored = await readStore(folder);
  const next: Store = { ...stored };
  const values: Record<string, string> = {};
  for (const [name, entry] of Object.entries(project.secrets)) {
    if (entry.content !== undefined) values[name] = entry.content;
    else if (entry.value !== undefined) values[name] = entry.value;
    else if (entry.file !== undefined) {
      values[name] = await readTextFile(entry.file).catch(() => {
        throw new ConfigError([{ message: `secret ${name}: cannot read ${entry.file}` }], { hint: 'Create the file, or change secrets.' + name + '.file.' });
      });
    }
  }
  const resolving = new Set<string>();
  const resolve = (name: string): string => {
    if (values[name] !== undefined) return values[name]!;
    const source: SecretSource | undefined = project.secretSources[name];
    if (!source) throw new ConfigError([{ message: `secret ${name} is not declared` }]);
    if (resolving.has(name)) throw new ConfigError([{ message: `secret ${name} is derived from itself through ${[...resolving].join(' -> ')}` }]);
    resolving.add(name);
    let value: string;
    if (source.kind === 'provided') value = source.value;
    else if (source.kind === 'generate') {
      value = stored[name]?.value ?? makeSecret(source.length, source.alphabet);
      next[name] = { value };
    } else {
      const from = fingerprint(resolve(source.from));
      const kept = stored[name];
      value = kept && kept.source === from ? kept.value : deriveSecret(source.hash, resolve(source.from));
      next[name] = { value, source: from };
    }
    resolving.delete(name);
    values[name] = value;
    return value;
  };
  for (const name of Object.keys(project.secretSources)) resolve(name);
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
