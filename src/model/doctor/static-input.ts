/**
 * What static checks read: the typed project, and each Compose file as it was written (before
 * interpolation, with positions), since whether a value is a literal or comes from `${VAR}` is
 * only in the text. Reading the files is done once (raw-files.ts); the checks are pure.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { formatPosition, type SourcePosition } from '../../common/errors.js';
import { nodeAt, type ConfigNode } from '../../config/config-tree.js';
import type { Project } from '../project.js';

export interface RawFile {
  /** Absolute path. */
  path: string;
  /** As shown in positions. */
  display: string;
  /** Undefined when the file could not be parsed (load-project reports that). */
  root?: ConfigNode;
  /** Folder its relative paths mean: the project directory, an included project's, or an extended file's own. */
  base: string;
  /** Named with -f (or found), brought in by `include`, or read for `extends.file`. */
  origin: 'named' | 'included' | 'extended';
  /** The named file that brings it in (its own path for a named file): production reads it when it reads that one. */
  owner: string;
}

export interface StaticInput {
  project: Project;
  /** The project's files, in merge order. */
  files: RawFile[];
  /** Files the named ones bring in through `include` and `extends.file`. */
  extraFiles: RawFile[];
  /** Built services' Dockerfiles: service -> text (absent when unreadable). */
  dockerfiles: Record<string, { path: string; text: string }>;
  /** A file path as written (`${VAR}` and all) as the loader reads it; undefined when it cannot. */
  pathOf: (written: string) => string | undefined;
}

/** A value of a service as written in one file. */
export interface RawValue {
  file: RawFile;
  node: ConfigNode;
}

/** Bound on an `extends` chain (the loader refuses cycles; this only keeps a broken file from looping). */
const MAX_EXTENDS_DEPTH = 32;

/**
 * The service's block in each file that has one, in merge order, each preceded by the blocks
 * it extends; a service only an included project defines, from that project's files.
 */
export function serviceBlocks(input: StaticInput, service: string): RawValue[] {
  const fromNamed = blocksIn(input, input.files, service);
  return fromNamed.length > 0 ? fromNamed : blocksIn(input, input.extraFiles.filter((f) => f.origin === 'included'), service);
}

function blocksIn(input: StaticInput, files: RawFile[], service: string): RawValue[] {
  return files.flatMap((file) => {
    const node = nodeAt(file.root, ['services', service]);
    return node ? [...extended(input, file, node, 0), { file, node }] : [];
  });
}

/** The blocks `node`'s `extends` brings in, base first. */
function extended(input: StaticInput, file: RawFile, node: ConfigNode, depth: number): RawValue[] {
  if (depth >= MAX_EXTENDS_DEPTH) return [];
  const ext = nodeAt(node, ['extends']);
  const nameNode = ext?.kind === 'scalar' ? ext : nodeAt(ext, ['service']);
  const serviceName = nameNode?.kind === 'scalar' && typeof nameNode.value === 'string' ? nameNode.value : undefined;
  if (serviceName === undefined) return [];
  const fileNode = nodeAt(ext, ['file']);
  let from = file;
  const written = fileNode?.kind === 'scalar' && typeof fileNode.value === 'string' ? input.pathOf(fileNode.value) : undefined;
  if (written) {
    const path = isAbsolute(written) ? written : resolve(dirname(file.path), written);
    const found = [...input.files, ...input.extraFiles].find((f) => f.path === path);
    if (!found) return [];
    from = found;
  }
  const base = nodeAt(from.root, ['services', serviceName]);
  if (!base || base === node) return [];
  return [...extended(input, from, base, depth + 1), { file: from, node: base }];
}

export interface WrittenVariable {
  name: string;
  /** The text as written (`${VAR:-x}` kept); undefined for a name without a value. */
  text?: string;
  position: SourcePosition;
}

/** `environment:` as written, map or list form; a later file's entry replaces an earlier one's. */
export function writtenEnvironment(input: StaticInput, service: string): WrittenVariable[] {
  const out = new Map<string, WrittenVariable>();
  for (const { node } of serviceBlocks(input, service)) {
    const env = nodeAt(node, ['environment']);
    if (env?.kind === 'mapping') {
      for (const [name, entry] of env.entries) {
        const value = entry.value.kind === 'scalar' && entry.value.value !== null ? String(entry.value.value) : undefined;
        out.set(name, { name, ...(value === undefined ? {} : { text: value }), position: entry.value.position });
      }
    } else if (env?.kind === 'sequence') {
      for (const item of env.items) {
        if (item.kind !== 'scalar' || item.value === null) continue;
        const [name = '', ...rest] = String(item.value).split('=');
        out.set(name, { name, ...(rest.length ? { text: rest.join('=') } : {}), position: item.position });
      }
    }
  }
  return [...out.values()];
}

export function where(position: SourcePosition | undefined): string {
  return position ? ` (${formatPosition(position)})` : '';
}

/** Shows that a value is there without showing it. */
export function masked(value: string): string {
  return value.length <= 2 ? '**' : `${value[0]}${'*'.repeat(Math.min(8, value.length - 2))}${value.at(-1)}`;
}
