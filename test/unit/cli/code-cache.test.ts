/**
 * bin/code-cache.js: the CLI bundle runs with V8's compiled code kept between runs, in a folder
 * only the user can write, and never with a cache V8 or the folder's owner would not vouch for.
 * Each run here is a fresh process, as each testbed command is.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const LOADER = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'code-cache.js');
const run = promisify(execFile);

/** A CommonJS "bundle" that uses what the real one does: require, the resolver and import() from the loader. */
function fixture(): { dir: string; bundle: string; runner: string } {
  const dir = mkdtempSync(join(tmpdir(), 'testbed-code-cache-'));
  const bundle = join(dir, 'main.cjs');
  const body = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n');
  writeFileSync(
    bundle,
    `${body}\nexports.main = async () => { const { sep } = require('node:path'); const url = await __testbedImportModule('node:url'); ` +
      `return [f199(1), sep, typeof url.pathToFileURL, __testbedResolveModule('node:fs')].join(' '); };\n`,
  );
  const runner = join(dir, 'run.mjs');
  writeFileSync(
    runner,
    `import { loadWithCodeCache } from ${JSON.stringify(LOADER)};\n` +
      `const loaded = loadWithCodeCache(${JSON.stringify(bundle)}, { resolve: import.meta.resolve, import: (s) => import(s) });\n` +
      `const out = await loaded.exports.main();\nloaded.saveCache(process.argv[2] ?? 'help');\nconsole.log(JSON.stringify({ out, cacheUsed: loaded.cacheUsed }));\n`,
  );
  return { dir, bundle, runner };
}

async function once(runner: string, env: Record<string, string>, verb?: string): Promise<{ out: string; cacheUsed: boolean }> {
  const { stdout } = await run(process.execPath, [runner, ...(verb ? [verb] : [])], { env: { ...process.env, ...env } });
  return JSON.parse(stdout) as { out: string; cacheUsed: boolean };
}

const caches = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.v8'));

describe('the CLI bundle\'s code cache', () => {
  it('is written by the first run, private to the user, and taken by the next', async () => {
    const { dir, runner } = fixture();
    const cacheDir = join(dir, 'cache');
    const first = await once(runner, { TESTBED_CACHE_DIR: cacheDir });
    expect(first).toEqual({ out: '200 / function node:fs', cacheUsed: false });
    expect(caches(cacheDir)).toHaveLength(1);
    expect(statSync(join(cacheDir, caches(cacheDir)[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(await once(runner, { TESTBED_CACHE_DIR: cacheDir })).toEqual({ out: first.out, cacheUsed: true });
  });

  it('takes in the code of each verb the first time it runs, and is left as it is for a verb it has', async () => {
    const { dir, runner } = fixture();
    const cacheDir = join(dir, 'cache');
    const cache = () => join(cacheDir, caches(cacheDir)[0]!);
    const written = () => statSync(cache()).mtimeMs;
    await once(runner, { TESTBED_CACHE_DIR: cacheDir }, 'status');
    const first = written();
    expect(JSON.parse(readFileSync(`${cache()}.verbs`, 'utf8'))).toEqual(['status']);
    expect(await once(runner, { TESTBED_CACHE_DIR: cacheDir }, 'status')).toMatchObject({ cacheUsed: true });
    expect(written()).toBe(first);
    await new Promise((r) => setTimeout(r, 20));
    expect(await once(runner, { TESTBED_CACHE_DIR: cacheDir }, 'up')).toMatchObject({ cacheUsed: true });
    expect(written()).toBeGreaterThan(first);
    expect(JSON.parse(readFileSync(`${cache()}.verbs`, 'utf8'))).toEqual(['status', 'up']);
    expect(statSync(`${cache()}.verbs`).mode & 0o777).toBe(0o600);
    expect(await once(runner, { TESTBED_CACHE_DIR: cacheDir }, 'up')).toMatchObject({ cacheUsed: true });
  });

  it('is made again when V8 rejects it (a damaged file, or another build of the bundle)', async () => {
    const { dir, bundle, runner } = fixture();
    const cacheDir = join(dir, 'cache');
    await once(runner, { TESTBED_CACHE_DIR: cacheDir });
    const file = join(cacheDir, caches(cacheDir)[0]!);
    writeFileSync(file, 'not a code cache');
    expect(await once(runner, { TESTBED_CACHE_DIR: cacheDir })).toEqual({ out: '200 / function node:fs', cacheUsed: false });
    expect(await once(runner, { TESTBED_CACHE_DIR: cacheDir })).toMatchObject({ cacheUsed: true });
    // A new build is a new file name; the old cache stays until it is a day old.
    writeFileSync(bundle, `// rebuilt\n${readFileSync(bundle, 'utf8')}`);
    expect(await once(runner, { TESTBED_CACHE_DIR: cacheDir })).toMatchObject({ cacheUsed: false });
    expect(caches(cacheDir)).toHaveLength(2);
  });

  it('is not used from a folder others can write, nor when turned off', async () => {
    const { dir, runner } = fixture();
    const shared = join(dir, 'shared');
    await once(runner, { TESTBED_CACHE_DIR: shared });
    chmodSync(shared, 0o777);
    expect(await once(runner, { TESTBED_CACHE_DIR: shared })).toEqual({ out: '200 / function node:fs', cacheUsed: false });
    expect(caches(shared)).toHaveLength(1);
    const off = join(dir, 'off');
    await once(runner, { TESTBED_CACHE_DIR: off, TESTBED_CODE_CACHE: '0' });
    expect(() => readdirSync(off)).toThrow();
  });

  it('is not read when the file is writable by others', async () => {
    const { dir, runner } = fixture();
    const cacheDir = join(dir, 'cache');
    await once(runner, { TESTBED_CACHE_DIR: cacheDir });
    chmodSync(join(cacheDir, caches(cacheDir)[0]!), 0o666);
    expect(await once(runner, { TESTBED_CACHE_DIR: cacheDir })).toMatchObject({ cacheUsed: false });
  });
});
