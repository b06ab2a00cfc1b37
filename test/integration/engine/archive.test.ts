import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract, pack } from 'tar-stream';
import { skipWithoutEngine } from '../../support/engine.js';
import { engineFixture, type EngineFixture } from './engine-fixtures.js';

async function filesIn(tar: Readable): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const ex = extract();
  tar.pipe(ex as unknown as NodeJS.WritableStream);
  for await (const entry of ex) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.type === 'file') files[entry.header.name] = Buffer.concat(chunks).toString('utf8');
  }
  return files;
}

describe.skipIf(skipWithoutEngine)('archives', () => {
  let fx: EngineFixture;

  beforeAll(async () => {
    fx = await engineFixture('eng-tar');
  });

  afterAll(async () => {
    await fx?.cleanup();
  });

  it('a tar put into a container comes back out the same', async () => {
    const id = await fx.engine.createContainer(fx.spec(fx.name('box')));
    await fx.engine.startContainer(id);

    const p = pack();
    p.entry({ name: 'seed/hello.txt', mode: 0o644 }, 'hello\n');
    p.entry({ name: 'seed/nested/data.json', mode: 0o600 }, '{"a":1}');
    p.finalize();
    await fx.engine.putArchive(id, '/tmp', p as unknown as Readable);

    const listing = await fx.engine.exec(id, { cmd: ['cat', '/tmp/seed/hello.txt', '/tmp/seed/nested/data.json'] });
    expect(listing.stdout).toBe('hello\n{"a":1}');

    const back = await filesIn(await fx.engine.getArchive(id, '/tmp/seed'));
    expect(back).toEqual({ 'seed/hello.txt': 'hello\n', 'seed/nested/data.json': '{"a":1}' });
  });

  it('reading a path that does not exist is an engine error naming it', async () => {
    const id = await fx.engine.createContainer(fx.spec(fx.name('empty')));
    await expect(fx.engine.getArchive(id, '/no/such/path')).rejects.toMatchObject({
      code: 'ENGINE_FAILED',
      message: expect.stringContaining('/no/such/path'),
    });
  });
});
