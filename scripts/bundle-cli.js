// Bundles the CLI (dist/cli/main.js, made by tsc) with the packages it uses into dist/cli-bundle/,
// which bin/testbed.js runs. Node then reads a few dozen files at start instead of hundreds: each
// command's start-up is what `testbed status` and `ls` cost (bench/cli-start.js measures it).
// Lazy `await import()`s stay lazy: each becomes a chunk loaded when its verb runs. The library
// (dist/index.js) is not bundled.
//
// dockerode (loaded only for calls that change something) is bundled too, except two parts it
// loads at once and Testbed never or rarely needs: its BuildKit session (gRPC, which reads .proto
// files next to it) and docker-modem's SSH transport (Testbed refuses ssh:// engines). Both are
// required from node_modules when first called (lazyParts). Loading dockerode went from about
// 150 ms (from node_modules) to 40 (its chunk) on a quiet machine, a part of every command that
// changes a set.
// Left outside, loaded from node_modules as it is: the Kubernetes client.
import { rmSync } from 'node:fs';
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
const outdir = join(root, 'dist', 'cli-bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist', 'cli', 'main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM builds first: a CommonJS package loaded with import() would only give a default export.
  mainFields: ['module', 'main'],
  // Class names are part of the output (an error's JSON names its class): bundling must not rename them.
  keepNames: true,
  // Less for Node to read and compile at each start; names are kept, so messages and traces stay the same.
  minifyWhitespace: true,
  minifySyntax: true,
  external: ['@kubernetes/client-node'],
  // Packages written as CommonJS call require() for Node's built-ins: give them one.
  banner: { js: "import { createRequire as __testbedRequire } from 'node:module'; const require = __testbedRequire(import.meta.url);" },
  plugins: [zodEnglishOnly, lazyParts],
  logLevel: 'warning',
});
