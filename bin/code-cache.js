// Runs the CLI bundle (a CommonJS file) with V8's compiled code kept on disk between runs, the
// way Node 22 does with module.enableCompileCache(), which Node 20 does not have. Each command is
// a new process: without it V8 parses the bundle and compiles what the verb runs every time
// (about a third of `testbed status`; bench/cli-start.js measures it).
//
// The cache is written after a run that found none, or found one V8 would not take (another Node,
// another build), and again after the first run of each verb: V8 puts in it what has been
// compiled so far, so the cache gathers the code of the verbs the user runs (the verbs it was
// made with are listed beside it). It lives in $TESTBED_CACHE_DIR, else $XDG_CACHE_HOME/testbed,
// else ~/.cache/testbed: a folder of the user's own that nobody else may write, because code read
// from it runs as the user. Anything else (not ours, group- or world-writable, not writable at
// all) means no cache and the bundle compiled as before; so does TESTBED_CODE_CACHE=0.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Old caches (of other builds) are removed when a new one is written, once they are this old. */
const STALE_MS = 24 * 3600_000;

/**
 * Loads `file` (CommonJS) and returns its exports. A CommonJS file has no import.meta.resolve, and
 * import() from a script with a code cache fails on Node 20 ("A dynamic import callback was not
 * specified"): the caller's `esm.resolve` and `esm.import` stand for them, and the bundle's code
 * calls them by the names scripts/bundle-cli.js gives them. The returned `saveCache(verb)` writes
 * the cache when this run should: call it when the work is done, so the functions the verb ran are in it.
 */
export function loadWithCodeCache(file, esm, env = process.env) {
  const bytes = readFileSync(file);
  // The bundle is ASCII (scripts/bundle-cli.js), read several times faster as Latin-1 than as UTF-8.
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const cacheFile = cachePath(file, env);
  const cachedData = cacheFile ? readOwn(cacheFile) : undefined;
  const wrapper = `(function (exports, require, module, __filename, __dirname, __testbedResolveModule, __testbedImportModule) {${source}\n})`;
  const script = new Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
  // The bundle's require() is one made for its own path: packages left outside resolve from there.
  const module = new Module(file);
  module.filename = file;
  const require = createRequire(file);
  script.runInThisContext()(module.exports, require, module, file, dirname(file), esm.resolve, esm.import);
  const cacheUsed = cachedData !== undefined && script.cachedDataRejected !== true;
  const verbs = cacheUsed ? verbsIn(cacheFile) : [];
  return {
    exports: module.exports,
    /** Whether V8 took the cache read (false: none, or it was rejected). */
    cacheUsed,
    /** `verb`: what this run did (a verb, or "help"); a verb new to the cache adds its code to it. */
    saveCache(verb) {
      if (cacheFile === undefined || (cacheUsed && verbs.includes(verb))) return;
      if (writeFile(cacheFile, script.createCachedData())) writeFile(`${cacheFile}.verbs`, JSON.stringify([...verbs, verb]));
    },
  };
}

/** The cache file for this bundle, Node and machine; undefined when there is no safe place for it. */
export function cachePath(file, env = process.env) {
  if (env.TESTBED_CODE_CACHE === '0') return undefined;
  const dir = env.TESTBED_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'testbed');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ownedPrivately(lstatSync(dir))) return undefined;
    const { size, mtimeMs } = statSync(file);
    const key = createHash('sha256').update(JSON.stringify([file, size, mtimeMs, process.version, process.arch])).digest('hex').slice(0, 24);
    return join(dir, `cli-${key}.v8`);
  } catch {
    return undefined;
  }
}

/** A directory or file of this user that no one else can write (root's as well: root may write anything anyway). */
function ownedPrivately(stat) {
  const uid = process.getuid?.();
  return (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0 && !stat.isSymbolicLink();
}

function readOwn(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
    return ownedPrivately(fstatSync(fd)) ? readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The verbs whose code the cache holds; none when the list is missing or not the user's own. */
function verbsIn(cacheFile) {
  try {
    const list = JSON.parse(readOwn(`${cacheFile}.verbs`)?.toString('utf8') ?? '[]');
    return Array.isArray(list) ? list.filter((v) => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Written beside and renamed, so that a command running at the same time reads a whole file or none. */
function writeFile(path, data) {
  const partial = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, data, { mode: 0o600 });
    renameSync(partial, path);
    // Other builds' caches (their own key), once unused for a day.
    const dir = dirname(path);
    const key = basename(path).split('.')[0];
    for (const name of readdirSync(dir)) {
      const old = join(dir, name);
      if (!name.startsWith(`${key}.`) && /^cli-[0-9a-f]+\.v8(\.verbs)?(\.\d+\.tmp)?$/.test(name) && Date.now() - statSync(old).mtimeMs > STALE_MS) rmSync(old, { force: true });
    }
    return true;
  } catch {
    // No cache this time: the next run compiles again, as without one.
    rmSync(partial, { force: true });
    return false;
  }
}
