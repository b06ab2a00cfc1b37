/**
 * A volume's checksum: the same content checks the same whatever its times, its archive's top
 * folder name or the order of entries; any change a database would notice changes it.
 */
import { Readable } from 'node:stream';
import { pack, type Header } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { checksumOf, checksumTap } from '../../../src/lifecycle/snapshot/content-checksum.js';

type Entry = Partial<Header> & { name: string; body?: string };

function tar(entries: Entry[]): Readable {
  const p = pack();
  for (const { body, ...header } of entries) p.entry({ mode: 0o644, uid: 0, gid: 0, mtime: new Date(0), ...header }, body ?? '');
  p.finalize();
  return Readable.from(p);
}

const base: Entry[] = [
  { name: 'data/', type: 'directory', mode: 0o700, uid: 999, gid: 999 },
  { name: 'data/PG_VERSION', body: '15\n', uid: 999, gid: 999 },
  { name: 'data/base/', type: 'directory', mode: 0o700 },
  { name: 'data/base/1', body: 'rows' },
  { name: 'data/link', type: 'symlink', linkname: 'PG_VERSION' },
  { name: 'data/hard', type: 'link', linkname: 'data/base/1' },
];

const sum = async (entries: Entry[]) => (await checksumOf(tar(entries))).checksum;

describe('content checksum', () => {
  it('counts entries and file bytes', async () => {
    expect(await checksumOf(tar(base))).toMatchObject({ entries: 6, bytes: 7 });
  });

  it('ignores times, the top folder name and the order of entries', async () => {
    const reference = await sum(base);
    expect(await sum(base.map((e) => ({ ...e, mtime: new Date(1e12) })))).toBe(reference);
    expect(await sum(base.map((e) => ({ ...e, name: e.name.replace(/^data/, 'other'), linkname: e.type === 'link' ? e.linkname!.replace(/^data/, 'other') : e.linkname })))).toBe(reference);
    expect(await sum([base[0]!, ...base.slice(1).reverse()])).toBe(reference);
  });

  it('changes with content, mode, owner, link target or a missing file', async () => {
    const reference = await sum(base);
    const changed = (i: number, change: Partial<Entry>) => base.map((e, j) => (j === i ? { ...e, ...change } : e));
    const variants = [
      changed(1, { body: '16\n' }),
      changed(0, { mode: 0o755 }),
      changed(1, { uid: 0 }),
      changed(4, { linkname: 'base/1' }),
      base.slice(0, 5),
    ];
    for (const variant of variants) expect(await sum(variant)).not.toBe(reference);
  });

  it('passes the tar through unchanged', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of tar(base)) chunks.push(Buffer.from(chunk as Uint8Array));
    const original = Buffer.concat(chunks);
    const { tap, result } = checksumTap();
    const out: Buffer[] = [];
    tap.on('data', (c: Buffer) => out.push(c));
    tap.end(original);
    await result;
    expect(Buffer.concat(out).equals(original)).toBe(true);
  });
});
