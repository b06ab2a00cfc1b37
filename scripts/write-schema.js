#!/usr/bin/env node
/**
 * Writes schema/testbed.schema.json, the JSON Schema editors use for Testbed files, from the
 * built validation code (run `npm run build` first). `--check` only says whether it is current.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'schema', 'testbed.schema.json');
const shown = relative(process.cwd(), target) || target;

let text;
try {
  const { composeJsonSchemaText } = await import('../dist/config/json-schema.js');
  text = composeJsonSchemaText();
} catch (err) {
  console.error(`cannot load dist/config/json-schema.js (${err instanceof Error ? err.message : err}); run \`npm run build\` first`);
  process.exit(1);
}

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== text) {
    console.error(`${shown} is out of date; run \`npm run build && npm run schema\``);
    process.exit(1);
  }
  console.error(`${shown} is up to date`);
} else {
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, text);
  console.error(`wrote ${shown}`);
}
