/**
 * Finds the Compose files to load, as Compose does: the first of the known names in the
 * working directory or its nearest parent that has one, plus its `.override` sibling;
 * or the files given with -f (or COMPOSE_FILE), in order.
 */
import { access } from 'node:fs/promises';
import { basename, delimiter, dirname, extname, join, resolve } from 'node:path';
import { ConfigNotFoundError, type ConfigIssue } from '../common/errors.js';
import { readEnvFiles } from './env-file.js';
import { lookupIn } from './interpolate.js';

export const COMPOSE_FILE_NAMES = [
  'testbed.yaml',
  'compose.yaml',
  'compose.yml',
  'docker-compose.yaml',
  'docker-compose.yml',
] as const;

export interface DiscoveredFiles {
  /** Absolute paths, in merge order. */
  files: string[];
  warnings: ConfigIssue[];
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Looks in `cwd`, then each parent up to the filesystem root. */
export async function discoverComposeFiles(cwd: string): Promise<DiscoveredFiles> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found: string[] = [];
    for (const name of COMPOSE_FILE_NAMES) if (await exists(join(dir, name))) found.push(join(dir, name));
    if (found.length > 0) {
      const main = found[0]!;
      const warnings: ConfigIssue[] =
        found.length > 1
          ? [{ message: `found several Compose files in ${dir} (${found.map((f) => basename(f)).join(', ')}); using ${basename(main)}` }]
          : [];
      const override = await overrideOf(main);
      return { files: override ? [main, override] : [main], warnings };
    }
    if (dirname(dir) === dir) break;
  }
  throw new ConfigNotFoundError(`no Compose file found in ${resolve(cwd)} or its parent directories`, {
    hint: `Create one of ${COMPOSE_FILE_NAMES.join(', ')}, or name the file with -f FILE.`,
  });
}

/** `compose.yaml` -> `compose.override.yaml` or `compose.override.yml`, if present. */
async function overrideOf(file: string): Promise<string | undefined> {
  const stem = basename(file, extname(file));
  for (const ext of ['.yaml', '.yml']) {
    const candidate = join(dirname(file), `${stem}.override${ext}`);
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

/** Files named with -f, relative to `cwd`; every one must exist. */
export async function resolveComposeFiles(files: readonly string[], cwd: string): Promise<string[]> {
  const paths = files.map((f) => resolve(cwd, f));
  const missing: string[] = [];
  for (const path of paths) if (!(await exists(path))) missing.push(path);
  if (missing.length > 0) {
    throw new ConfigNotFoundError(`Compose file not found: ${missing.join(', ')}`, {
      hint: 'Check the path given with -f (relative paths start from the current directory).',
    });
  }
  return paths;
}

/** COMPOSE_FILE's list of files (separated by COMPOSE_PATH_SEPARATOR, default the platform's). */
export function composeFileFromEnv(env: Record<string, string | undefined>): string[] | undefined {
  const value = env.COMPOSE_FILE?.trim();
  if (!value) return undefined;
  const separator = env.COMPOSE_PATH_SEPARATOR || delimiter;
  return value.split(separator).filter((f) => f.trim() !== '');
}

/**
 * COMPOSE_FILE written in an env file (`.env` of the starting directory, or --env-file), as
 * Compose reads it before any Compose file is known; paths are made absolute against `dir`.
 * Missing or broken env files are left for the project's own env loading to report.
 */
export async function composeFileFromEnvFiles(
  paths: readonly string[],
  dir: string,
  env: Record<string, string | undefined>,
): Promise<string[] | undefined> {
  const present: string[] = [];
  for (const path of paths) if (await exists(path)) present.push(path);
  if (present.length === 0) return undefined;
  const { values } = await readEnvFiles(present.map((path) => ({ path, display: path })), lookupIn(env));
  const separator = env.COMPOSE_PATH_SEPARATOR ?? values.COMPOSE_PATH_SEPARATOR;
  const files = composeFileFromEnv({ COMPOSE_FILE: values.COMPOSE_FILE, COMPOSE_PATH_SEPARATOR: separator });
  return files?.map((f) => resolve(dir, f));
}
