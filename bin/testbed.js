#!/usr/bin/env node
// The bundled CLI (scripts/bundle-cli.js, made by npm run build), which starts faster than
// dist/cli/; the latter when a build older than the bundle left none.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli-bundle/main.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js');

main(process.argv).then((code) => {
  process.exitCode = code;
});
