/**
 * Reads a file the project names (Compose files, env files, included tests, secret and config
 * sources) as text, refusing what is not a regular file or is larger than any of them can be:
 * `env_file: /dev/zero` or a FIFO would otherwise read forever or block.
 */
import { readFile, stat } from 'node:fs/promises';

export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

/** @throws Error whose message says why (missing, not a regular file, too large) */
export async function readTextFile(path: string): Promise<string> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a regular file`);
  if (info.size > MAX_TEXT_FILE_BYTES) throw new Error(`${path} is larger than ${MAX_TEXT_FILE_BYTES / 1024 / 1024} MiB`);
  return readFile(path, 'utf8');
}
