/**
 * Archives out of a container are written only inside the destination: hostile archives (the
 * names and link targets a container can choose) are refused whole, before anything is written.
 */
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pack, type Header } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsafePathError } from '../../../src/common/errors.js';
import { extractArchive } from '../../../src/lifecycle/archive/extract-archive.js';

type Entry = Partial<Header> & { name: string; content?: string };

function archive(entries: Entry[]): Readable {
  const tar = pack();
  for (const { content, ...header } of entries) tar.entry({ mode: header.type === 'directory' ? 0o755 : 0o644, ...header }, content ?? '');
  tar.finalize();
  return Readable.from(tar);
}

const dir = (name: string): Entry => ({ name, type: 'directory' });
const file = (name: string, content: string): Entry => ({ name, content });

describe('writing an archive out of a container', () => {
  let base: string;
  /** Stands for what the user keeps beside the destination: nothing may touch it. */
  let outside: string;
  let dest: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'testbed-extract-'));
    outside = join(base, 'outside');
    await mkdir(join(outside, '.ssh'), { recursive: true });
    await writeFile(join(outside, '.ssh', 'authorized_keys'), 'mine\n');
    dest = join(base, 'dest');
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  const extract = (entries: Entry[], top = 'd') => extractArchive(archive(entries), { top, destination: dest, what: 'app:/d to dest' });

  async function untouched(): Promise<void> {
    expect(await readdir(base)).toEqual(['outside']);
    expect(await readdir(outside)).toEqual(['.ssh']);
    expect(await readFile(join(outside, '.ssh', 'authorized_keys'), 'utf8')).toBe('mine\n');
  }

  it('writes a folder with files, links and hard links under the destination, with their modes', async () => {
    const summary = await extract([
      dir('d/'),
      { ...file('d/run.sh', 'echo hi\n'), mode: 0o4755 },
      dir('d/sub/'),
      file('d/sub/b', 'b\n'),
      { name: 'd/sub/same', type: 'link', linkname: 'd/sub/b' },
      { name: 'd/rel', type: 'symlink', linkname: 'sub/b' },
      { name: 'd/sub/up', type: 'symlink', linkname: '../run.sh' },
      { name: 'd/null', type: 'character-device', devmajor: 1, devminor: 3 },
    ]);
    expect(await readFile(join(dest, 'run.sh'), 'utf8')).toBe('echo hi\n');
    // Permission bits only: no set-user-id file is made on the host.
    expect((await stat(join(dest, 'run.sh'))).mode & 0o7777).toBe(0o755);
    expect((await stat(join(dest, 'sub', 'same'))).ino).toBe((await stat(join(dest, 'sub', 'b'))).ino);
    expect(await readlink(join(dest, 'rel'))).toBe('sub/b');
    expect(await readFile(join(dest, 'sub', 'up'), 'utf8')).toBe('echo hi\n');
    expect(summary.skipped).toEqual(['null']);
    expect(await readdir(dest)).toEqual(['rel', 'run.sh', 'sub']);
  });

  it('keeps a symbolic link to an absolute path as a link, without following it', async () => {
    await extract([dir('d/'), { name: 'd/keys', type: 'symlink', linkname: join(outside, '.ssh', 'authorized_keys') }]);
    expect(await readlink(join(dest, 'keys'))).toBe(join(outside, '.ssh', 'authorized_keys'));
    expect(await readFile(join(outside, '.ssh', 'authorized_keys'), 'utf8')).toBe('mine\n');
  });

  it('writes the root of a container (the engine names its entries /...) inside the destination', async () => {
    await extract(
      [dir('/'), dir('/.ssh/'), file('/.ssh/authorized_keys', 'attacker\n'), dir('/bin/'), { name: '/bin/sh', type: 'symlink', linkname: 'busybox' }],
      '/',
    );
    expect(await readFile(join(dest, '.ssh', 'authorized_keys'), 'utf8')).toBe('attacker\n');
    expect(await readlink(join(dest, 'bin', 'sh'))).toBe('busybox');
    expect(await readdir(base)).toEqual(['dest', 'outside']);
    expect(await readFile(join(outside, '.ssh', 'authorized_keys'), 'utf8')).toBe('mine\n');
  });

  const hostile: [string, Entry[], RegExp][] = [
    ['a .. entry', [dir('d/'), file('d/ok', 'fine'), file('d/../outside/.ssh/authorized_keys', 'attacker')], /"d\/\.\.\/outside\/\.ssh\/authorized_keys" is not inside d/],
    ['an absolute path', [dir('d/'), file('/etc/passwd', 'attacker')], /"\/etc\/passwd" is not inside d/],
    ['an entry beside the copied path', [dir('d/'), file('e/x', 'attacker')], /"e\/x" is not inside d/],
    ['a file through a symbolic link it made', [dir('d/'), { name: 'd/l', type: 'symlink', linkname: '/' }, file('d/l/etc/passwd', 'attacker')], /lies below l, which is a symbolic link/],
    ['a file over a symbolic link it made', [dir('d/'), { name: 'd/l', type: 'symlink', linkname: '/etc/passwd' }, file('d/l', 'attacker')], /"d\/l" appears twice/],
    ['a hard link out of the tree', [dir('d/'), { name: 'd/h', type: 'link', linkname: '../outside/.ssh/authorized_keys' }], /hard link to \.\.\/outside/],
    ['a hard link to an absolute path', [dir('d/'), { name: 'd/h', type: 'link', linkname: '/etc/passwd' }], /hard link to \/etc\/passwd/],
    ['a hard link to a later entry', [dir('d/'), { name: 'd/h', type: 'link', linkname: 'd/f' }, file('d/f', 'x')], /hard link to d\/f, which is not a file copied before it/],
    ['a relative symbolic link that climbs out', [dir('d/'), dir('d/sub/'), { name: 'd/sub/l', type: 'symlink', linkname: '../../outside' }], /symbolic link to \.\.\/\.\.\/outside, outside the copy/],
    ['entries below a file', [file('d', 'a file'), file('d/x', 'attacker')], /lies below the copied path, which is not a folder/],
  ];
  for (const [what, entries, message] of hostile) {
    it(`refuses ${what} with UNSAFE_PATH, and writes nothing`, async () => {
      const err = await extract(entries).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsafePathError);
      expect((err as UnsafePathError).code).toBe('UNSAFE_PATH');
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toContain('Nothing was copied');
      await untouched();
    });
  }

  it('never writes through a symbolic link already in the destination on the host', async () => {
    await mkdir(dest);
    await symlink(join(outside, '.ssh'), join(dest, 'sub'));
    const err = await extractArchive(archive([dir('d/'), dir('d/sub/'), file('d/sub/authorized_keys', 'attacker\n')]), {
      top: 'd',
      destination: dest,
      what: 'app:/d to dest',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafePathError);
    expect(await readFile(join(outside, '.ssh', 'authorized_keys'), 'utf8')).toBe('mine\n');
  });

  it('replaces a symbolic link at a file path instead of writing into what it points to', async () => {
    await mkdir(dest);
    await symlink(join(outside, '.ssh', 'authorized_keys'), join(dest, 'keys'));
    await extract([dir('d/'), file('d/keys', 'copied\n')]);
    expect((await lstat(join(dest, 'keys'))).isSymbolicLink()).toBe(false);
    expect(await readFile(join(dest, 'keys'), 'utf8')).toBe('copied\n');
    expect(await readFile(join(outside, '.ssh', 'authorized_keys'), 'utf8')).toBe('mine\n');
  });
});
