/**
 * What `{% include %}`, `{% render %}` and `{% layout %}` may read: files inside the project
 * directory, and nothing else. liquidjs would otherwise resolve them against the current
 * directory (and node's module paths), so a template could print any file the user can read.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { FS } from 'liquidjs';

/** A template's reference to a file that is not the project's. */
export class OutsideProjectError extends Error {}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** @param directory the project directory; undefined: no file may be read at all. */
export function projectFiles(directory: string | undefined): FS {
  const refuse = (file: string, why: string) => new OutsideProjectError(`"${file}" ${why}; templates may include files of the project directory only`);
  // Real paths, so a symlink inside the project that points out of it is refused too.
  const check = (root: string, file: string, real: string, realRoot: string) => {
    if (!inside(realRoot, real)) throw refuse(relative(root, file), 'leads outside the project directory through a symbolic link');
    return true;
  };
  return {
    sep,
    dirname,
    resolve(dir, file, ext) {
      if (directory === undefined) throw refuse(file, 'cannot be read here');
      const path = resolve(dir, extname(file) ? file : file + ext);
      if (!inside(directory, path)) throw refuse(file, 'is outside the project directory');
      return path;
    },
    async contains(root, file) {
      const [realRoot, real] = await Promise.all([realpath(root), realpath(file)]).catch(() => [undefined, undefined]);
      return realRoot !== undefined && real !== undefined && check(root, file, real, realRoot);
    },
    containsSync(root, file) {
      let real: string;
      let realRoot: string;
      try {
        [realRoot, real] = [realpathSync(root), realpathSync(file)];
      } catch {
        return false;
      }
      return check(root, file, real, realRoot);
    },
    exists: (file) => stat(file).then((s) => s.isFile(), () => false),
    existsSync: (file) => existsSync(file),
    readFile: (file) => readFile(file, 'utf8'),
    readFileSync: (file) => readFileSync(file, 'utf8'),
  };
}
