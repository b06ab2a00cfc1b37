/**
 * Writes an archive out of a container to one place on the host, and nowhere else. The archive
 * is first kept whole in a private temporary folder and every entry checked (entry-check.ts),
 * so a refused one means nothing was written; then it is written with no link ever followed:
 * folders are made or must already be folders (a symbolic link on the host in the way is
 * refused), a file, link or hard link replaces what was at its path instead of writing into it.
 *
 * Why not tar-fs's or node-tar's extract: both decide entry by entry while writing, so a bad
 * entry late in the archive comes after others were written; tar-fs has had a run of escapes
 * through links, and node-tar rewrites absolute symbolic link targets to relative ones (a
 * different link) unless all of its protections are turned off.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, link, lstat, mkdir, mkdtemp, rm, symlink, unlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, type Extract } from 'tar-stream';
import { UnsafePathError, UsageError } from '../../common/errors.js';
import { EntryCheck, type PlannedEntry } from './entry-check.js';

export interface ExtractOptions {
  /** The archive's name for the copied path: its base name, or '/' for the root. */
  top: string;
  /** The host path the copied path becomes. Its folder must exist. */
  destination: string;
  /** What is copied where, for messages. */
  what: string;
  /** Where the archive is kept while it is checked (default: the system's temporary folder). */
  tmpDir?: string;
}

export interface ExtractSummary {
  /** Entries written. */
  written: number;
  /** Devices and pipes left out, by their path below the destination. */
  skipped: string[];
}

export async function extractArchive(archive: Readable, options: ExtractOptions): Promise<ExtractSummary> {
  const spoolDir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'testbed-archive-'));
  try {
    const spool = join(spoolDir, 'archive.tar');
    await pipeline(archive, createWriteStream(spool, { mode: 0o600 }));
    const check = new EntryCheck(options.top, options.what);
    const planned: PlannedEntry[] = [];
    for await (const entry of entriesOf(spool)) {
      planned.push(check.check(entry.header));
      entry.resume();
    }
    if (planned.length === 0) throw new UsageError(`cannot copy ${options.what}: the engine sent an empty archive`);
    return await writeEntries(spool, planned, options.destination);
  } finally {
    await rm(spoolDir, { recursive: true, force: true });
  }
}

type Entry = Extract extends AsyncIterable<infer E> ? E : never;

function entriesOf(file: string): AsyncIterable<Entry> {
  const parser = extract();
  const source = createReadStream(file);
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  return parser;
}

async function writeEntries(spool: string, planned: PlannedEntry[], root: string): Promise<ExtractSummary> {
  const folders = new Set<string>();
  const modes: { path: string; mode: number }[] = [];
  const skipped: string[] = [];
  let index = 0;
  for await (const entry of entriesOf(spool)) {
    const plan = planned[index++]!;
    const target = join(root, ...plan.path);
    for (let i = 0; i < plan.path.length; i++) await ensureFolder(join(root, ...plan.path.slice(0, i)), folders);
    switch (plan.kind) {
      case 'directory':
        await ensureFolder(target, folders);
        modes.push({ path: target, mode: plan.mode });
        break;
      case 'file':
        await clear(target);
        // tar-stream's entries are streamx streams, which pipe like Node's but do not share their type.
        await pipeline(entry as unknown as Readable, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
        await chmod(target, plan.mode);
        if (plan.mtime) await utimes(target, plan.mtime, plan.mtime);
        break;
      case 'symlink':
        await clear(target);
        await symlink(plan.target, target);
        break;
      case 'link':
        await clear(target);
        await link(join(root, ...plan.target), target);
        break;
      case 'skip':
        skipped.push(plan.path.join('/') || '.');
        break;
    }
    entry.resume();
  }
  // Folder modes last, deepest first: a read-only folder must not stop its own content.
  for (const { path, mode } of modes.reverse()) await chmod(path, mode);
  return { written: index - skipped.length, skipped };
}

/** A folder made (private until its entry's mode is applied), or one that is already a folder, never a link to one. */
async function ensureFolder(path: string, known: Set<string>): Promise<void> {
  if (known.has(path)) return;
  const found = await lstatOrUndefined(path);
  if (!found) await mkdir(path, { mode: 0o700 });
  else if (found.isSymbolicLink()) {
    throw new UnsafePathError(`${path} is a symbolic link on the host: a copy does not write through links`, {
      hint: 'Copy to another destination, or remove the link first.',
    });
  } else if (!found.isDirectory()) {
    throw new UsageError(`${path} is a file on the host, where the copy has a folder`, { hint: 'Copy to another destination, or move the file away first.' });
  }
  known.add(path);
}

/** Makes room for a file or link: what was there is replaced, never written into (it may be a link). */
async function clear(path: string): Promise<void> {
  const found = await lstatOrUndefined(path);
  if (!found) return;
  if (found.isDirectory()) throw new UsageError(`${path} is a folder on the host, where the copy has a file`, { hint: 'Copy to another destination, or move the folder away first.' });
  await unlink(path);
}

function lstatOrUndefined(path: string) {
  return lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}
