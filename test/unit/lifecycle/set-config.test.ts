import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../../src/set-config/secret-mask.js';
import { ensureSetSecrets, generateSecret } from '../../../src/lifecycle/configure/secret-store.js';
import { mergeValues, valueAtPath } from '../../../src/set-config/values.js';
import { setValues } from '../../../src/lifecycle/configure/value-store.js';
import { SetFolder } from '../../../src/lifecycle/set-folder.js';
import type { Project } from '../../../src/model/project.js';
import { project } from '../plan/fixtures.js';

async function folder(): Promise<SetFolder> {
  return new SetFolder(await mkdtemp(join(tmpdir(), 'testbed-state-')), 'shop', 'demo');
}

const withSecrets = (secretSources: Project['secretSources'], secrets: Project['secrets'] = {}) => project([], { secretSources, secrets });

describe('set secrets', () => {
  it('generates from the alphabet asked for, at the length asked for', () => {
    expect(generateSecret(32, 'hex')).toMatch(/^[0-9a-f]{32}$/);
    expect(generateSecret(10, 'digits')).toMatch(/^\d{10}$/);
    expect(generateSecret(50, 'ab')).toMatch(/^[ab]{50}$/);
    expect(new Set(Array.from({ length: 20 }, () => generateSecret(24, 'alnum'))).size).toBe(20);
  });

  it('stores generated secrets once with mode 0600 and reuses them', async () => {
    const f = await folder();
    const p = withSecrets({ pw: { kind: 'generate', length: 20, alphabet: 'alnum' } });
    const first = await ensureSetSecrets(f, p);
    expect(first.pw).toMatch(/^[A-Za-z0-9]{20}$/);
    expect((await stat(f.file('secrets.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(f.path)).mode & 0o777).toBe(0o700);
    expect(await ensureSetSecrets(f, p)).toEqual(first);
    expect(await ensureSetSecrets(await folder(), p)).not.toEqual(first);
  });

  it('derives hashes from their source and follows a changed source', async () => {
    const f = await folder();
    const sources = (value: string): Project['secretSources'] => ({
      pw: { kind: 'provided', from: 'environment variable PW', value },
      sha: { kind: 'derive', from: 'pw', hash: 'sha256' },
      bc: { kind: 'derive', from: 'pw', hash: 'bcrypt' },
    });
    const a = await ensureSetSecrets(f, withSecrets(sources('one')));
    expect(a.sha).toBe(createHash('sha256').update('one').digest('hex'));
    expect(bcrypt.compareSync('one', a.bc!)).toBe(true);
    // A bcrypt hash has a random salt: kept while its source is the same.
    expect((await ensureSetSecrets(f, withSecrets(sources('one')))).bc).toBe(a.bc);
    const b = await ensureSetSecrets(f, withSecrets(sources('two')));
    expect(bcrypt.compareSync('two', b.bc!)).toBe(true);
  });

  it('includes Compose secrets given as content or from the environment', async () => {
    const f = await folder();
    const values = await ensureSetSecrets(
      f,
      withSecrets({}, { inline: { name: 'inline', content: 'abc', external: false, template: false }, env: { name: 'env', environment: 'X', value: 'xyz', external: false, template: false } }),
    );
    expect(values).toEqual({ inline: 'abc', env: 'xyz' });
  });
});

describe('set values', () => {
  it('merges mappings key by key and replaces everything else', () => {
    expect(mergeValues({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: 3 }, l: [9] })).toEqual({ a: { b: 1, c: 3 }, l: [9] });
    expect(valueAtPath('site.title', 'X')).toEqual({ site: { title: 'X' } });
  });

  it('keeps a set\'s overrides for later commands, and merges new ones on top', async () => {
    const f = await folder();
    const defaults = { greeting: 'hello', site: { title: 'A', lang: 'en' } };
    expect(await setValues(f, defaults)).toEqual(defaults);
    await setValues(f, defaults, { site: { title: 'B' } });
    expect(await setValues(f, defaults)).toEqual({ greeting: 'hello', site: { title: 'B', lang: 'en' } });
    await setValues(f, defaults, { greeting: 'hi' });
    expect(await setValues(f, defaults)).toEqual({ greeting: 'hi', site: { title: 'B', lang: 'en' } });
    // A preview does not keep its overrides.
    expect(await setValues(f, defaults, { greeting: 'preview' }, false)).toMatchObject({ greeting: 'preview' });
    expect(JSON.parse(await readFile(f.file('values.json'), 'utf8')).greeting).toBe('hi');
  });
});

describe('masking', () => {
  it('hides every secret value in text, longest first, and leaves short ones alone', () => {
    expect(maskSecrets('user=app pass=hunter22 hash=hunter22x', { a: 'hunter22', b: 'hunter22x', c: 'ab' })).toBe(
      'user=app pass=******** hash=********',
    );
  });
});
