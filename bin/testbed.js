#!/usr/bin/env node
// The bundled CLI (scripts/bundle-cli.js, made by npm run build), run with V8's compiled code
// kept between runs (code-cache.js); dist/cli/ when a build older than the bundle left none.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The one answer that needs none of the CLI's code (scripts and the start-up bench ask it).
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const bundle = fileURLToPath(new URL('../dist/cli-bundle/main.cjs', import.meta.url));
  let saveCache = () => {};
  let main;
  let verbOf = () => undefined;
  if (existsSync(bundle)) {
    const { loadWithCodeCache } = await import('./code-cache.js');
    // Packages resolve from bin/ as from dist/: both are in the package's folder.
    const loaded = loadWithCodeCache(bundle, { resolve: import.meta.resolve, import: (specifier) => import(specifier) });
    ({ main, verbOf } = loaded.exports);
    saveCache = loaded.saveCache;
  } else {
    ({ main } = await import('../dist/cli/main.js'));
  }
  main(process.argv).then((code) => {
    saveCache(verbOf(args) ?? 'help');
    process.exitCode = code;
  });
}
