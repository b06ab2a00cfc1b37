/**
 * What static checks read: the typed project, and each Compose file as it was written (before
 * interpolation, with positions), since whether a value is a literal or comes from `${VAR}` is
 * only in the text. Reading the files is done once (raw-files.ts); the checks are pure.
 */
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
}

export interface StaticInput {
  project: Project;
  /** The project's files, in merge order. */
  files: RawFile[];
  /** Built services' Dockerfiles: service -> text (absent when unreadable). */
  dockerfiles: Record<string, { path: string; text: string }>;
}

/** A value of a service as written in one file. */
export interface RawValue {
  file: RawFile;
  node: ConfigNode;
}

/** The service's block in each file that has one, in merge order. */
export function serviceBlocks(input: StaticInput, service: string): RawValue[] {
  return input.files.flatMap((file) => {
    const node = nodeAt(file.root, ['services', service]);
    return node ? [{ file, node }] : [];
  });
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
