/**
 * Whether a host path is inside the project directory, judged by real paths: `..`, an
 * absolute path or a symbolic link inside the project that points out of it all leave it.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';

/** The path with every symbolic link resolved in the part that exists; the rest as written. */
export function realPath(path: string): string {
  const missing: string[] = [];
  for (let existing = path; ; existing = dirname(existing)) {
    try {
      return join(realpathSync.native(existing), ...missing.reverse());
    } catch {
      if (dirname(existing) === existing) return path;
      missing.push(basename(existing));
    }
  }
}

/** The real path of `path` when it is `directory` or inside it, else undefined. */
export function realPathInside(directory: string, path: string): string | undefined {
  const real = realPath(path);
  const rel = relative(realPath(directory), real);
  const outside = rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  return outside ? undefined : real;
}
