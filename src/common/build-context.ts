/**
 * Which files of a build context the engine gets: everything under the context directory
 * except what .dockerignore excludes, with Docker's rules. Pure filesystem code, so the
 * lifecycle layer hashes exactly the files the engine layer sends.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import dockerignoreModule from '@balena/dockerignore';

const IGNORE_FILE = '.dockerignore';
// A CommonJS module whose typings declare a default export; it sets .default on itself.
const dockerignore = dockerignoreModule.default;

/**
 * Sorted relative paths (forward slashes) of the regular files and symlinks to send.
 * The Dockerfile and .dockerignore are always kept when they exist, as Docker does.
 */
export async function listContextFiles(contextDir: string, dockerfile: string): Promise<string[]> {
  const patterns = await readIgnorePatterns(contextDir);
  const ignore = dockerignore({ ignorecase: false }).add(patterns);
  // Without exceptions nothing below an ignored directory can come back, so it need not be walked.
  const hasExceptions = patterns.some((p) => p.startsWith('!'));
  const always = new Set([toContextPath(dockerfile), IGNORE_FILE]);
  const kept: string[] = [];

  async function walk(relDir: string): Promise<void> {
    const entries = await readdir(path.join(contextDir, relDir), { withFileTypes: true });
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (hasExceptions || !ignore.ignores(rel)) await walk(rel);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (always.has(rel) || !ignore.ignores(rel)) kept.push(rel);
      }
    }
  }

  await walk('');
  for (const file of always) {
    if (!kept.includes(file) && (await isFileOrLink(path.join(contextDir, file)))) kept.push(file);
  }
  return kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** "./docker/Dockerfile" -> "docker/Dockerfile", the form listContextFiles returns. */
export function toContextPath(file: string): string {
  return path.posix.normalize(file.split(path.sep).join('/')).replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

async function readIgnorePatterns(contextDir: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path.join(contextDir, IGNORE_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

async function isFileOrLink(file: string): Promise<boolean> {
  try {
    const stat = await lstat(file);
    return stat.isFile() || stat.isSymbolicLink();
  } catch {
    return false;
  }
}
