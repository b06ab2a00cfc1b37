import { describe, expect, it } from 'vitest';
import { ConfigNotFoundError } from '../../../src/common/errors.js';
import { composeFileFromEnv, discoverComposeFiles, resolveComposeFiles } from '../../../src/config/discovery.js';
import { tempFiles } from './temp-files.js';

const SERVICE = 'services: { web: { image: nginx } }\n';

describe('finding the Compose file', () => {
  it.each(['testbed.yaml', 'compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'])(
    'finds %s in the working directory',
    async (name) => {
      const temp = await tempFiles({ [name]: SERVICE });
      expect((await discoverComposeFiles(temp.dir)).files).toEqual([temp.path(name)]);
    },
  );

  it('prefers testbed.yaml over compose.yaml, and says it found both', async () => {
    const temp = await tempFiles({ 'testbed.yaml': SERVICE, 'compose.yaml': SERVICE });
    const found = await discoverComposeFiles(temp.dir);
    expect(found.files).toEqual([temp.path('testbed.yaml')]);
    expect(found.warnings).toHaveLength(1);
    expect(found.warnings[0]!.message).toContain('testbed.yaml, compose.yaml');
  });

  it('looks in the parent directories when the working directory has none', async () => {
    const temp = await tempFiles({ 'compose.yaml': SERVICE, 'src/deep/keep': '' });
    expect((await discoverComposeFiles(temp.path('src/deep'))).files).toEqual([temp.path('compose.yaml')]);
  });

  it('takes the nearest directory that has a file', async () => {
    const temp = await tempFiles({ 'compose.yaml': SERVICE, 'sub/docker-compose.yml': SERVICE });
    expect((await discoverComposeFiles(temp.path('sub'))).files).toEqual([temp.path('sub/docker-compose.yml')]);
  });

  it('merges compose.override.yaml on top of compose.yaml', async () => {
    const temp = await tempFiles({ 'compose.yaml': SERVICE, 'compose.override.yaml': SERVICE });
    expect((await discoverComposeFiles(temp.dir)).files).toEqual([temp.path('compose.yaml'), temp.path('compose.override.yaml')]);
  });

  it('accepts the .yml override of a .yaml file, and testbed.override.yaml', async () => {
    const a = await tempFiles({ 'compose.yaml': SERVICE, 'compose.override.yml': SERVICE });
    expect((await discoverComposeFiles(a.dir)).files).toEqual([a.path('compose.yaml'), a.path('compose.override.yml')]);
    const b = await tempFiles({ 'testbed.yaml': SERVICE, 'testbed.override.yaml': SERVICE });
    expect((await discoverComposeFiles(b.dir)).files).toEqual([b.path('testbed.yaml'), b.path('testbed.override.yaml')]);
  });

  it('ignores an override file alone', async () => {
    const temp = await tempFiles({ 'compose.override.yaml': SERVICE, 'sub/keep': '' });
    await expect(discoverComposeFiles(temp.path('sub'))).rejects.toThrow(ConfigNotFoundError);
  });

  it('says which names it looked for when there is no file', async () => {
    const temp = await tempFiles({ 'empty/keep': '' });
    const err = await discoverComposeFiles(temp.path('empty')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigNotFoundError);
    expect((err as ConfigNotFoundError).message).toContain(temp.path('empty'));
    expect((err as ConfigNotFoundError).hint).toContain('compose.yaml');
    expect((err as ConfigNotFoundError).hint).toContain('-f FILE');
  });
});

describe('files given with -f', () => {
  it('resolves them against the working directory, in the order given', async () => {
    const temp = await tempFiles({ 'b.yaml': SERVICE, 'conf/a.yaml': SERVICE });
    expect(await resolveComposeFiles(['b.yaml', 'conf/a.yaml'], temp.dir)).toEqual([temp.path('b.yaml'), temp.path('conf/a.yaml')]);
  });

  it('names every file that does not exist', async () => {
    const temp = await tempFiles({ 'b.yaml': SERVICE });
    const err = await resolveComposeFiles(['missing-1.yaml', 'b.yaml', 'missing-2.yaml'], temp.dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigNotFoundError);
    expect((err as Error).message).toContain(temp.path('missing-1.yaml'));
    expect((err as Error).message).toContain(temp.path('missing-2.yaml'));
  });
});

describe('COMPOSE_FILE', () => {
  it('splits on the platform separator', () => {
    expect(composeFileFromEnv({ COMPOSE_FILE: 'a.yaml:b.yaml' })).toEqual(['a.yaml', 'b.yaml']);
  });

  it('honours COMPOSE_PATH_SEPARATOR', () => {
    expect(composeFileFromEnv({ COMPOSE_FILE: 'a.yaml;b.yaml', COMPOSE_PATH_SEPARATOR: ';' })).toEqual(['a.yaml', 'b.yaml']);
  });

  it('is nothing when unset or blank', () => {
    expect(composeFileFromEnv({})).toBeUndefined();
    expect(composeFileFromEnv({ COMPOSE_FILE: '  ' })).toBeUndefined();
  });
});
