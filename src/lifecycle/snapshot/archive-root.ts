/**
 * The owner and mode of the folder an engine archive was made of, read from its first entry
 * (the folder itself) without reading the rest: the archive is abandoned at once.
 */
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';

export interface FolderOwner {
  uid: number;
  gid: number;
  /** Permission bits, e.g. 0o700. */
  mode: number;
}

export function archiveRoot(archive: Readable): Promise<FolderOwner> {
  return new Promise((resolve, reject) => {
    const parser = extract();
    let done = false;
    const finish = (result: FolderOwner | Error) => {
      if (done) return;
      done = true;
      archive.unpipe(parser);
      archive.destroy();
      parser.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    parser.on('entry', (header) => finish({ uid: header.uid ?? 0, gid: header.gid ?? 0, mode: (header.mode ?? 0o755) & 0o7777 }));
    parser.on('error', (err: Error) => finish(err));
    parser.on('finish', () => finish(new Error('the archive is empty')));
    archive.on('error', (err: Error) => finish(err));
    archive.pipe(parser);
  });
}
