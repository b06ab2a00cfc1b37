/**
 * `cp`: files between the host and a service's container, in either direction, with the same
 * rules as `docker cp`: into an existing directory keeps the name, otherwise the copy takes the
 * destination's name. Out of a container, nothing is written outside that destination
 * (archive/extract-archive.ts); into one, host links go as links, never as what they point to.
 */
import { lstat, stat } from 'node:fs/promises';
import { basename, dirname, join, posix, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import * as tarFs from 'tar-fs';
import * as tarStream from 'tar-stream';
import { UsageError } from '../common/errors.js';
import type { Engine } from '../engine/engine.js';
import { extractArchive } from './archive/extract-archive.js';
import { findReplica } from './exec.js';
import type { SetContext } from './set-context.js';

export interface ContainerPath {
  service: string;
  replica?: number;
  path: string;
}

/** "web:/var/log/app.log" -> container path; anything else is a host path. */
export function parseCopyArgument(arg: string): ContainerPath | string {
  const m = /^([a-z0-9][a-z0-9_.-]*?)(?:\[(\d+)\])?:(\/.*)$/i.exec(arg);
  if (!m) return arg;
  return { service: m[1]!, replica: m[2] ? Number(m[2]) : undefined, path: m[3]! };
}

export async function copyInSet(ctx: SetContext, from: string, to: string): Promise<void> {
  const source = parseCopyArgument(from);
  const target = parseCopyArgument(to);
  if (typeof source === 'string' && typeof target !== 'string') return copyToContainer(ctx, source, target);
  if (typeof source !== 'string' && typeof target === 'string') return copyFromContainer(ctx, source, target);
  throw new UsageError('cp copies between the host and a container: one side must be SERVICE:/path, the other a host path', {
    hint: 'Example: testbed cp demo web:/var/log/app.log ./app.log',
  });
}

function renameFirst(name: string, from: string, to: string): string {
  if (name === from) return to;
  if (name.startsWith(from + '/')) return to + name.slice(from.length);
  return name;
}

async function copyFromContainer(ctx: SetContext, source: ContainerPath, hostPath: string): Promise<void> {
  const c = await findReplica(ctx, source.service, source.replica);
  const dest = resolve(hostPath);
  const named = posix.basename(posix.resolve(source.path));
  // Into an existing folder the copy keeps its name (the root's content goes into the folder itself).
  const destination = (await isHostDirectory(dest)) ? (named ? join(dest, named) : dest) : dest;
  if (!(await isHostDirectory(dirname(destination)))) {
    throw new UsageError(`cannot copy to ${dest}: the folder ${dirname(destination)} does not exist`, { hint: `Make it first: mkdir -p ${dirname(destination)}` });
  }
  const real = await followSymlinks(ctx.engine, c.id, posix.resolve(source.path));
  const archive = await ctx.engine.getArchive(c.id, real);
  await extractArchive(archive, { top: posix.basename(real) || '/', destination, what: `${source.service}:${source.path} to ${dest}` });
}

async function copyToContainer(ctx: SetContext, hostPath: string, target: ContainerPath): Promise<void> {
  const c = await findReplica(ctx, target.service, target.replica);
  const src = resolve(hostPath);
  await lstat(src).catch(() => {
    throw new UsageError(`${hostPath} does not exist on the host`);
  });
  const srcName = basename(src);
  const intoDirectory = target.path.endsWith('/') || (await isContainerDirectory(ctx.engine, c.id, target.path));
  // Links are sent as links (dereference: false), never as the host files they point to.
  const pack = tarFs.pack(dirname(src), {
    entries: [srcName],
    dereference: false,
    ...(intoDirectory ? {} : { map: (header: tarFs.Headers) => ({ ...header, name: renameFirst(header.name, srcName, posix.basename(target.path)) }) }),
  });
  // tar-fs's Pack is a streamx Readable; the engine reads it as a Node stream.
  await ctx.engine.putArchive(c.id, intoDirectory ? target.path : posix.dirname(target.path), pack as unknown as Readable);
}

async function isHostDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function isContainerDirectory(engine: Engine, id: string, path: string): Promise<boolean> {
  return (await firstHeader(engine, id, path))?.type === 'directory';
}

/** Reads only the first header of the path's archive: enough to know what it is. */
async function firstHeader(engine: Engine, id: string, path: string): Promise<tarStream.Header | undefined> {
  let archive: Readable;
  try {
    archive = await engine.getArchive(id, path);
  } catch {
    return undefined;
  }
  return new Promise((resolveHeader) => {
    const extract = tarStream.extract();
    let answered = false;
    const answer = (header: tarStream.Header | undefined) => {
      if (answered) return;
      answered = true;
      resolveHeader(header);
      archive.destroy();
      extract.destroy();
    };
    extract.on('entry', (header) => answer(header));
    extract.on('finish', () => answer(undefined));
    extract.on('error', () => answer(undefined));
    archive.on('error', () => answer(undefined));
    archive.pipe(extract);
  });
}

/**
 * The engine archives a symlink as the link itself; a copy wants what it points to (like
 * `docker cp -L`), or a dangling link on the host. Followed up to a few levels.
 */
export async function followSymlinks(engine: Engine, id: string, path: string): Promise<string> {
  let current = path;
  for (let i = 0; i < 8; i++) {
    const header = await firstHeader(engine, id, current);
    if (header?.type !== 'symlink' || !header.linkname) return current;
    current = posix.resolve(posix.dirname(current), header.linkname);
  }
  throw new UsageError(`${path} is a chain of more than 8 symbolic links`);
}
