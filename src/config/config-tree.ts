/**
 * A YAML document as a tree of plain values that each keep where they were written.
 * Anchors, aliases and `<<` merge keys are already resolved, so every later step
 * (interpolation, validation, merging) reads one simple shape and can still point
 * at file:line:col.
 */
import type { SourcePosition } from '../common/errors.js';

/** Compose's merge tags: `!reset` removes a value inherited from earlier files, `!override` replaces it whole. */
export type MergeTag = '!reset' | '!override';

export type ScalarValue = string | number | boolean | null;

interface NodeBase {
  position: SourcePosition;
  tag?: MergeTag;
}

export interface ConfigScalar extends NodeBase {
  kind: 'scalar';
  value: ScalarValue;
  /** Source text of an unquoted non-string scalar (e.g. "1.10" for 1.1, "0440" for 440), for keys that mean text. */
  text?: string;
}

export interface ConfigSequence extends NodeBase {
  kind: 'sequence';
  items: ConfigNode[];
}

export interface ConfigEntry {
  key: string;
  keyPosition: SourcePosition;
  value: ConfigNode;
}

export interface ConfigMapping extends NodeBase {
  kind: 'mapping';
  entries: Map<string, ConfigEntry>;
}

export type ConfigNode = ConfigScalar | ConfigSequence | ConfigMapping;

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export function scalar(value: ScalarValue, position: SourcePosition): ConfigScalar {
  return { kind: 'scalar', value, position };
}

export function mapping(position: SourcePosition, entries: ConfigEntry[] = []): ConfigMapping {
  return { kind: 'mapping', position, entries: new Map(entries.map((e) => [e.key, e])) };
}

export function sequence(position: SourcePosition, items: ConfigNode[] = []): ConfigSequence {
  return { kind: 'sequence', position, items };
}

/** `services.web.ports[0]`; keys that are not simple words are quoted (`labels["com.example.x"]`). */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function child(node: ConfigNode | undefined, segment: PathSegment): ConfigNode | undefined {
  if (!node) return undefined;
  if (node.kind === 'mapping') return node.entries.get(String(segment))?.value;
  if (node.kind === 'sequence' && typeof segment === 'number') return node.items[segment];
  return undefined;
}

export function nodeAt(root: ConfigNode | undefined, path: Path): ConfigNode | undefined {
  let node = root;
  for (const segment of path) node = child(node, segment);
  return node;
}

/** Where the value at `path` is written; the closest enclosing value when it is missing. */
export function positionAt(root: ConfigNode | undefined, path: Path): SourcePosition | undefined {
  let node = root;
  let position = root?.position;
  for (const segment of path) {
    node = child(node, segment);
    if (!node) break;
    position = node.position;
  }
  return position;
}

/**
 * Where the key that ends `path` is written (what a user looks for), else the value's position.
 * A name in a list form (`depends_on: [db]`, `networks: [front]`) is found as the list's item.
 */
export function keyPositionAt(root: ConfigNode | undefined, path: Path): SourcePosition | undefined {
  const last = path[path.length - 1];
  const parent = nodeAt(root, path.slice(0, -1));
  if (parent?.kind === 'mapping' && last !== undefined) {
    const entry = parent.entries.get(String(last));
    if (entry) return entry.keyPosition;
  }
  if (parent?.kind === 'sequence' && typeof last === 'string') {
    const item = parent.items.find((i) => i.kind === 'scalar' && i.value === last);
    if (item) return item.position;
  }
  return positionAt(root, path);
}

/** A path pattern: `*` matches any one segment. */
export type PathPattern = readonly string[];

export function matchesPattern(path: Path, pattern: PathPattern): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === '*' || p === String(path[i]));
}

export interface ToPlainOptions {
  /** Paths whose number/boolean scalars keep their source text (environment values, octal modes...). */
  textPaths?: readonly PathPattern[];
}

/**
 * The plain JavaScript value of a tree, for schema validation and typed access.
 * `!reset` entries are left out: they only mean something to merging.
 */
export function toPlain(node: ConfigNode, options: ToPlainOptions = {}, path: PathSegment[] = []): unknown {
  switch (node.kind) {
    case 'scalar': {
      const keepText = node.text !== undefined && options.textPaths?.some((p) => matchesPattern(path, p));
      return keepText ? node.text : node.value;
    }
    case 'sequence':
      return node.items.filter((item) => item.tag !== '!reset').map((item, i) => toPlain(item, options, [...path, i]));
    case 'mapping': {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of node.entries) {
        if (entry.value.tag === '!reset') continue;
        out[key] = toPlain(entry.value, options, [...path, key]);
      }
      return out;
    }
  }
}
