/**
 * A set made from a snapshot starts with the snapshot's secrets (the data's users and
 * passwords depend on them), its `once` jobs' done markers (their work is in the data) and,
 * unless the set has its own, its values. Read from the data image's /testbed/set.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import type { SetFolder } from '../set-folder.js';

const WANTED = /^(secrets\.json|values\.json|jobs\/[A-Za-z0-9_.-]+\/done)$/;

/** Writes the snapshot's set files into the folder; resolves with the paths written. */
export async function seedSetFolder(folder: SetFolder, archive: Readable): Promise<string[]> {
  const files = new Map<string, Buffer>();
  const parser = extract();
  parser.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk) => chunks.push(chunk as Buffer));
    stream.on('end', () => {
      // The engine names the archive's top folder after the folder read: set/...
      const path = header.name.replace(/^\.\//, '').split('/').slice(1).join('/');
      if (header.type === 'file' && WANTED.test(path)) files.set(path, Buffer.concat(chunks));
      next();
    });
  });
  await pipeline(archive, parser);

  const written: string[] = [];
  await mkdir(folder.path, { recursive: true, mode: 0o700 });
  for (const [path, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const target = folder.file(...path.split('/'));
    // The set's own values (given with --set-value, or kept through a reset) win over the snapshot's.
    if (path === 'values.json' && (await exists(target))) continue;
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, content, { mode: 0o600 });
    written.push(path);
  }
  return written;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
