/**
 * Which entries of an archive out of a container may be written, decided from the headers
 * alone, before anything is written. The archive's top entry is the copied path and becomes the
 * destination; every other entry must lie below it. A container chooses its file names and link
 * targets, so none is trusted: `..` and other unplain names, entries outside the copied path,
 * entries below a link or a file, an entry that appears twice, hard links to anything but an
 * earlier file of the same copy, and relative symbolic links that climb out of the copy are
 * refused. Absolute symbolic links are kept as links: nothing is ever written through one.
 */
import { UnsafePathError } from '../../common/errors.js';

export interface EntryHeader {
  name: string;
  type?: string | null;
  linkname?: string | null;
  mode?: number;
  mtime?: Date;
}

/** `path` is below the destination: [] is the destination itself. */
export type PlannedEntry =
  | { kind: 'directory'; path: string[]; mode: number }
  | { kind: 'file'; path: string[]; mode: number; mtime?: Date }
  | { kind: 'symlink'; path: string[]; target: string }
  | { kind: 'link'; path: string[]; target: string[] }
  /** Devices and pipes: a copy has no use for them, and makes none on the host. */
  | { kind: 'skip'; path: string[]; type: string };

/** Permission bits only: a copy never makes set-user-id, set-group-id or sticky files on the host. */
const PERMISSIONS = 0o777;

export class EntryCheck {
  private readonly seen = new Map<string, PlannedEntry['kind']>();

  /**
   * @param top the archive's name for the copied path: its base name, or '/' for the root
   * @param what what is copied where, for messages ("app:/tmp/out.log to /tmp/h/out.log")
   */
  constructor(
    private readonly top: string,
    private readonly what: string,
  ) {}

  /** The entry as it will be written; throws UnsafePathError for one that must not be. */
  check(header: EntryHeader): PlannedEntry {
    const path = this.pathOf(header.name);
    if (!path) return this.refuse(header.name, `is not inside ${this.top === '/' ? 'the copied root' : this.top}`);
    if (this.seen.size === 0 && path.length > 0) return this.refuse(header.name, 'comes before the copied path itself');
    if (this.seen.size > 0 && path.length === 0) return this.refuse(header.name, 'appears twice');
    for (let i = 0; i < path.length; i++) {
      const above = this.seen.get(path.slice(0, i).join('/'));
      if (above && above !== 'directory') return this.refuse(header.name, `lies below ${this.shown(path.slice(0, i))}, which is ${above === 'symlink' ? 'a symbolic link' : 'not a folder'}`);
    }
    const planned = this.plan(header, path);
    const key = path.join('/');
    const before = this.seen.get(key);
    if (before && !(before === 'directory' && planned.kind === 'directory')) return this.refuse(header.name, 'appears twice');
    this.seen.set(key, planned.kind);
    return planned;
  }

  private plan(header: EntryHeader, path: string[]): PlannedEntry {
    const mode = (header.mode ?? 0o644) & PERMISSIONS;
    switch (header.type ?? 'file') {
      case 'file':
      case 'contiguous-file':
        return { kind: 'file', path, mode, ...(header.mtime ? { mtime: header.mtime } : {}) };
      case 'directory':
        return { kind: 'directory', path, mode };
      case 'symlink': {
        const target = header.linkname ?? '';
        if (!target || target.includes('\0')) return this.refuse(header.name, 'is a symbolic link without a target');
        if (!target.startsWith('/') && climbsOut(path, target)) return this.refuse(header.name, `is a symbolic link to ${target}, outside the copy`);
        return { kind: 'symlink', path, target };
      }
      case 'link': {
        const target = this.pathOf(header.linkname ?? '');
        if (!target || this.seen.get(target.join('/')) !== 'file') {
          return this.refuse(header.name, `is a hard link to ${header.linkname ?? '(nothing)'}, which is not a file copied before it`);
        }
        return { kind: 'link', path, target };
      }
      default:
        return { kind: 'skip', path, type: header.type ?? 'unknown' };
    }
  }

  /** The entry's path below the copied path, or undefined when it is not a plain path below it. */
  private pathOf(name: string): string[] | undefined {
    const trimmed = name.replace(/\/+$/, '');
    let rest: string;
    if (this.top === '/') {
      if (trimmed === '') return [];
      if (!trimmed.startsWith('/')) return undefined;
      rest = trimmed.slice(1);
    } else {
      if (trimmed === this.top) return [];
      if (!trimmed.startsWith(this.top + '/')) return undefined;
      rest = trimmed.slice(this.top.length + 1);
    }
    const parts = rest.split('/');
    return parts.every(isPlainName) ? parts : undefined;
  }

  private shown(path: string[]): string {
    return path.length === 0 ? 'the copied path' : path.join('/');
  }

  private refuse(entry: string, reason: string): never {
    throw new UnsafePathError(`cannot copy ${this.what}: the container's entry "${entry}" ${reason}, so it would be written outside the destination. Nothing was copied.`, {
      hint: 'A file in the container (a link, or a crafted name) points out of what you copy. Copy a narrower path, or look at it first with testbed exec.',
      details: { entry, reason },
    });
  }
}

function isPlainName(part: string): boolean {
  return part !== '' && part !== '.' && part !== '..' && !part.includes('\0');
}

/** A relative link target that resolves above the copied path (the destination's own folder counts as above). */
function climbsOut(path: string[], target: string): boolean {
  if (path.length === 0) return true;
  const at = path.slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') at.push(part);
    else if (at.length === 0) return true;
    else at.pop();
  }
  return false;
}
