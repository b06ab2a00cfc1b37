// Bundles the CLI (dist/cli/main.js, made by tsc) with the packages it uses into one CommonJS
// file, dist/cli-bundle/main.cjs, which bin/testbed.js runs with V8's code cache
// (bin/code-cache.js). Each command is a new process, and its start-up is what `testbed status`
// and `ls` cost (bench/cli-start.js measures it): Node 20 keeps compiled code between runs only
// for a script it is given as one (vm.Script's cachedData), not for ES modules, so the bundle is
// one CommonJS file. Lazy `await import()`s stay lazy: esbuild wraps each module in a function
// run at its first import, so a verb still runs only the code it needs.
//
// dockerode (loaded only for calls that change something) is bundled too, except two parts it
// loads at once and Testbed never or rarely needs: its BuildKit session (gRPC, which reads .proto
// files next to it) and docker-modem's SSH transport (Testbed refuses ssh:// engines). Both are
// required from node_modules when first called (lazyParts).
// Left outside, loaded from node_modules as it is with import() (importFromLoader): the Kubernetes
// client, an ES module only (k8s/cluster/client-node.ts).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');

/** A package file's `name = require('./part'),` made into a function that requires the part when called. */
function lazyRequire(file, name, part) {
  const from = file.split('/')[0];
  return {
    filter: new RegExp(file.replace(/[/.]/g, (c) => (c === '/' ? '[\\\\/]' : '\\.')) + '$'),
    async load(path) {
      const text = await readFile(path, 'utf8');
      const eager = `${name} = require('./${part}'),`;
      // A new version that loads them otherwise must be looked at, not bundled eagerly in silence.
      if (!text.includes(eager)) throw new Error(`${file}: "${eager}" not found; update scripts/bundle-cli.js for this version`);
      const at = `require.resolve('${from}/lib/${part}.js', { paths: [require.resolve('dockerode')] })`;
      return text.replace(eager, `${name} = function () { return require(${at}).apply(this, arguments); },`);
    },
  };
}

const lazyParts = {
  name: 'lazy-dockerode-parts',
  setup(b) {
    for (const part of [lazyRequire('dockerode/lib/docker.js', 'withSession', 'session'), lazyRequire('docker-modem/lib/modem.js', 'ssh', 'ssh')]) {
      b.onLoad({ filter: part.filter }, async (args) => ({ contents: await part.load(args.path), loader: 'js' }));
    }
  },
};

// zod re-exports its messages in every language it has (z.locales); Testbed writes its own
// messages and uses only zod's English default. The other languages were half of what the CLI
// read and compiled to validate a file: the bundle keeps English only (as moment's users do).
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};
// The bundle cannot import() from itself when run with a code cache (bin/code-cache.js): the
// one import() of a package left outside calls the loader's import instead.
const importFromLoader = {
  name: 'import-from-loader',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]k8s[\\/]cluster[\\/]client-node\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const call = "import('@kubernetes/client-node')";
      if (!text.includes(call)) throw new Error(`${args.path}: "${call}" not found; update scripts/bundle-cli.js`);
      return { contents: text.replace(call, "__testbedImportModule('@kubernetes/client-node')"), loader: 'js' };
    });
  },
};

const outdir = join(root, 'dist', 'cli-bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist', 'cli', 'main.js')],
  outfile: join(outdir, 'main.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // ESM builds first: a CommonJS package loaded with import() would only give a default export.
  mainFields: ['module', 'main'],
  // Class names are part of the output (an error's JSON names its class): bundling must not rename them.
  keepNames: true,
  // Less for Node to read and compile at each start; names are kept, so messages and traces stay the same.
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  external: ['@kubernetes/client-node'],
  // A CommonJS file has no import.meta: its URL is made from __filename, and bin/code-cache.js
  // hands in bin/testbed.js's import.meta.resolve (packages resolve the same from bin/ as from dist/).
  define: { 'import.meta.url': '__testbedModuleUrl', 'import.meta.resolve': '__testbedResolveModule' },
  banner: { js: "const __testbedModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // lazyParts' require.resolve('dockerode') is meant for node_modules at run time, not the bundle.
  logOverride: { 'require-resolve-not-external': 'silent' },
  plugins: [zodEnglishOnly, lazyParts, importFromLoader],
  logLevel: 'warning',
});

// Node reads a file of ASCII as Latin-1, several times faster than decoding UTF-8 (about 15 ms of
// each start for the whole bundle). esbuild writes everything ASCII (charset) but the letters in
// regular expressions (µ in durations, liquidjs's accents), where \uXXXX means the same.
const bundle = join(outdir, 'main.cjs');
const text = readFileSync(bundle, 'utf8');
// Without the u flag each UTF-16 unit is one match: a pair of surrogates becomes two escapes.
writeFileSync(bundle, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
