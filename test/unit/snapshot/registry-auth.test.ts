import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryAuth, registryOf } from '../../../src/engine/registry-auth.js';

describe('registry credentials from docker config', () => {
  let dir: string;
  const env = () => ({ DOCKER_CONFIG: dir });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'testbed-auth-'));
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'https://registry.example:5000': { auth: Buffer.from('alice:pa:ss').toString('base64') },
          'https://index.docker.io/v1/': { auth: Buffer.from('bob:hub').toString('base64') },
          'tokens.example': { identitytoken: 'tok' },
        },
        credHelpers: { 'helped.example': 'fake' },
      }),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds the registry of a reference', () => {
    expect(registryOf('registry.example:5000/team/x:v1')).toBe('registry.example:5000');
    expect(registryOf('localhost/x')).toBe('localhost');
    expect(registryOf('team/x')).toBe('docker.io');
    expect(registryOf('x')).toBe('docker.io');
  });

  it('reads auths entries, whatever the key looks like', async () => {
    expect(await registryAuth('registry.example:5000/team/x:v1', { env: env() })).toEqual({
      serveraddress: 'registry.example:5000',
      username: 'alice',
      password: 'pa:ss',
    });
    expect(await registryAuth('team/x', { env: env() })).toMatchObject({ username: 'bob', serveraddress: 'https://index.docker.io/v1/' });
    expect(await registryAuth('tokens.example/x', { env: env() })).toEqual({ serveraddress: 'tokens.example', identitytoken: 'tok' });
    expect(await registryAuth('other.example/x', { env: env() })).toBeUndefined();
  });

  it('asks a credential helper, and falls back when it knows nothing', async () => {
    const runHelper = async (helper: string, registry: string) => {
      expect(helper).toBe('fake');
      if (registry !== 'helped.example') throw new Error('not found');
      return JSON.stringify({ Username: 'carol', Secret: 's3' });
    };
    expect(await registryAuth('helped.example/x', { env: env(), runHelper })).toEqual({ serveraddress: 'helped.example', username: 'carol', password: 's3' });
  });

  it('without a config file there are no credentials', async () => {
    expect(await registryAuth('registry.example:5000/x', { env: { DOCKER_CONFIG: join(dir, 'missing') } })).toBeUndefined();
  });
});
