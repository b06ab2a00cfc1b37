#!/usr/bin/env node
// The bundled CLI (npm run build makes it: scripts/bundle-cli.js), which starts faster than dist/cli/.
import { main } from '../dist/cli-bundle/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
