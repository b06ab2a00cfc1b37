/**
 * A checksum of a folder's content, read from the engine's tar of it as the tar streams by:
 * every entry's path (below the folder), type, mode, owner, size, content and link target,
 * but not its times, so the same data copied at another moment checks the same.
 */
import { createHash } from 'node:crypto';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, type Header } from 'tar-stream';
import type { ContentSummary } from '../../plan/snapshot-manifest.js';

export interface ChecksumTap {
  /** Passes the tar through unchanged, reading it on the way. */
  tap: Transform;
  /** Settles once the whole tar went through. */
  result: Promise<ContentSummary>;
}

export function checksumTap(): ChecksumTap {
  const lines: string[] = [];
  let bytes = 0;
  const parser = extract();
  parser.on('entry', (header: Header, stream, next) => {
    const content = createHash('sha256');
    stream.on('data', (chunk) => content.update(chunk as Buffer));
    stream.on('end', () => {
      if (header.type === 'file' || header.type === 'contiguous-file') bytes += header.size ?? 0;
      lines.push(entryLine(header, header.type === 'file' || header.type === 'contiguous-file' ? content.digest('hex') : ''));
      next();
    });
  });
  const result = new Promise<ContentSummary>((resolve, reject) => {
    parser.on('finish', () => {
      lines.sort();
      resolve({ checksum: createHash('sha256').update(lines.join('\n')).digest('hex'), bytes, entries: lines.length });
    });
    parser.on('error', reject);
  });
  // A tar the parser cannot read fails the result, never the copy: the tar still flows on.
  let broken = false;
  parser.on('error', () => {
    broken = true;
  });
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (broken || parser.write(chunk)) return callback(null, chunk);
      const go = () => {
        parser.off('drain', go);
        parser.off('error', go);
        callback(null, chunk);
      };
      parser.on('drain', go);
      parser.on('error', go);
    },
    flush(callback) {
      // streamx's end() takes an optional last chunk; its typings make it required.
      if (!broken) parser.end(undefined);
      callback();
    },
  });
  result.catch(() => {});
  return { tap, result };
}

/** Reads a whole tar only to sum it up. */
export async function checksumOf(archive: Readable): Promise<ContentSummary> {
  const { tap, result } = checksumTap();
  await pipeline(archive, tap, new Writable({ write: (_chunk, _encoding, callback) => callback() }));
  return result;
}

/** Path without the archive's top folder (the engine names it after the folder read). */
function below(name: string): string {
  const clean = name.replace(/^\.\//, '').replace(/\/+$/, '');
  const slash = clean.indexOf('/');
  return slash < 0 ? '.' : clean.slice(slash + 1);
}

function entryLine(header: Header, contentHash: string): string {
  // Hard links name another entry of the same archive, by its archive path.
  const link = header.type === 'link' ? below(header.linkname ?? '') : (header.linkname ?? '');
  return JSON.stringify([
    below(header.name),
    header.type,
    (header.mode ?? 0) & 0o7777,
    header.uid ?? 0,
    header.gid ?? 0,
    header.type === 'file' || header.type === 'contiguous-file' ? (header.size ?? 0) : 0,
    contentHash,
    link,
  ]);
}
