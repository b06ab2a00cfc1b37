/**
 * `testbed config --json` for the fixtures of test/fixtures/compose-keys (one per group of keys
 * issue 14 added), checked against the expected output beside each; and every example and
 * fixture printed by `testbed config` loads back to the same project.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadProject } from '../../../src/model/load-project.js';
import { toCompose, toComposeYaml } from '../../../src/model/to-compose.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const KEYS = join(ROOT, 'test', 'fixtures', 'compose-keys');
const fixtures = readdirSync(KEYS).sort();

/** The output with the fixture's own directory as <dir>, so the expectation does not depend on the checkout. */
async function configOf(dir: string): Promise<{ config: unknown; warnings: string[] }> {
  const project = await loadProject({ cwd: dir, env: { HOME: '/home/user' } });
  const text = JSON.stringify(toCompose(project)).replaceAll(dir, '<dir>');
  const warnings = project.warnings.map((w) => `${w.position ? `${relative(dir, join(dir, w.position.file))}:${w.position.line}: ` : ''}${w.message}`);
  return { config: JSON.parse(text) as unknown, warnings };
}

describe('testbed config --json for each group of keys', () => {
  it.each(fixtures)('%s prints what its expected.json says', async (name) => {
    const dir = join(KEYS, name);
    const actual = await configOf(dir);
    const expectedFile = join(dir, 'expected.json');
    // Written once from the first run (UPDATE_EXPECTED=1), then read and reviewed as a file of its own.
    if (process.env.UPDATE_EXPECTED || !existsSync(expectedFile)) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
});

/** Every Compose file of the examples and fixtures (not included parts: those are loaded through their project). */
function projectFiles(): string[] {
  const examples = ['quickstart', 'wikifarm', 'shared-base/shop', 'shared-base/blog'].map((e) => join(ROOT, 'examples', e, 'compose.yaml'));
  return [...examples.filter(existsSync), ...fixtures.map((f) => join(KEYS, f, 'compose.yaml'))];
}

function profilesOf(file: string): string[] {
  const doc = parse(readFileSync(file, 'utf8')) as { services?: Record<string, { profiles?: string[] } | null> };
  return [...new Set(Object.values(doc.services ?? {}).flatMap((s) => s?.profiles ?? []))];
}

describe('testbed config output loads back to the same project', () => {
  it.each(projectFiles().map((f) => [relative(ROOT, f), f]))('%s', async (_name, file) => {
    const env = { HOME: '/home/user', USER: 'someone-else' };
    // Every profile on: the printed file holds the active services only, and a job may name any service.
    const first = await loadProject({ files: [file], cwd: dirname(file), env, profiles: profilesOf(file) });
    const out = await mkdtemp(join(tmpdir(), 'testbed-roundtrip-'));
    try {
      const printed = join(out, 'compose.yaml');
      await writeFile(printed, toComposeYaml(first));
      const again = await loadProject({ files: [printed], projectDirectory: first.directory, cwd: dirname(file), env, profiles: first.profiles });
      expect(toCompose(again)).toEqual(toCompose(first));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
