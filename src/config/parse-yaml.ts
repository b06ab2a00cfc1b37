/**
 * Parses one Compose file's YAML into a ConfigNode tree where every value knows
 * its file:line:col. Syntax errors become issues with positions (never a stack trace).
 * Hostile input is bounded here, before any later step walks the tree: aliases may not
 * expand the document past a budget (an "alias bomb" of 700 bytes would otherwise be
 * billions of values) and values may not nest deeper than every later recursive step can go.
 */
import {
  Alias,
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parse as parseYamlValue,
  parseDocument,
  Scalar,
  YAMLMap,
  YAMLSeq,
  visit,
  type Node as YamlNode,
} from 'yaml';
import type { ConfigIssue, SourcePosition } from '../common/errors.js';
import type { ConfigEntry, ConfigMapping, ConfigNode, MergeTag, ScalarValue } from './config-tree.js';

export interface ParsedYaml {
  /** Undefined when the file could not be parsed; `issues` says why. */
  root?: ConfigNode;
  issues: ConfigIssue[];
  warnings: ConfigIssue[];
}

const MERGE_TAGS = new Set<string>(['!reset', '!override']);

/**
 * Values that aliases may add to a document: this many, or as many as the file itself
 * holds when it is larger, so the expanded tree stays linear in the file's size.
 */
export const MAX_ALIAS_EXPANSION = 100_000;
/** Levels of nesting; Compose files use about ten, and every later step recurses per level. */
export const MAX_NESTING_DEPTH = 100;

/** yaml's messages for the errors users hit most, in Compose terms. */
const FRIENDLIER: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'a key is defined twice in the same mapping',
  BAD_INDENT: 'bad indentation',
  TAB_AS_INDENT: 'tabs are not allowed for indentation; use spaces',
};

/** @param file the file name shown in positions (relative to the working directory when possible). */
export function parseYaml(source: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // yaml's own duplicate-key check compares each key with every earlier one (quadratic in a
  // mapping's size): the converter checks with a Set instead.
  const doc = parseDocument(source, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number): SourcePosition => ({ file, ...lineCounter.linePos(offset) });

  const issues: ConfigIssue[] = doc.errors.map((err) => {
    // yaml composes nodes recursively and reports running out of stack as a plain error.
    const detail = /call stack/i.test(err.message) ? TOO_DEEP : (FRIENDLIER[err.code] ?? err.message.split('\n')[0]!);
    return { message: `YAML syntax error: ${detail}`, position: at(err.pos[0]) };
  });
  const warnings: ConfigIssue[] = doc.warnings
    .filter((w) => !(w.code === 'TAG_RESOLVE_FAILED' && MERGE_TAGS.has(/tag: (\S+)/.exec(w.message)?.[1] ?? '')))
    .map((w) => ({ message: `YAML: ${w.message.split('\n')[0]}`, position: at(w.pos[0]) }));
  if (issues.length > 0) return { issues, warnings };

  const converter = new TreeConverter(doc, at);
  const root = doc.contents ? converter.convert(doc.contents as YamlNode, 1) : emptyMapping(at(0));
  return { root, issues: converter.issues, warnings };
}

const TOO_DEEP = `values are nested more than ${MAX_NESTING_DEPTH} levels deep`;

function emptyMapping(position: SourcePosition): ConfigMapping {
  return { kind: 'mapping', position, entries: new Map() };
}

/** Converts yaml's AST to ConfigNodes, resolving aliases and `<<` merge keys on the way. */
class TreeConverter {
  readonly issues: ConfigIssue[] = [];
  /** Aliased nodes are converted once and shared; their sizes are counted, never expanded. */
  private readonly memo = new Map<YamlNode, ConfigNode>();
  private readonly inProgress = new Set<YamlNode>();
  /** Values in a converted node with its aliases expanded, and how deep it nests. */
  private readonly extent = new Map<ConfigNode, { size: number; height: number }>();
  /** Values written in the file, and values its aliases add. */
  private written = 0;
  private expanded = 0;
  private tooMuchAliasing = false;
  private reportedTooDeep = false;
  /** Placeholders for values refused above, so that one cause is reported once. */
  private readonly refused = new WeakSet<ConfigNode>();

  /** What each alias refers to, found at the first alias: yaml's Alias.resolve() walks the whole document for each one. */
  private targets?: Map<Alias, YamlNode>;

  constructor(
    private readonly doc: Document,
    private readonly at: (offset: number) => SourcePosition,
  ) {}

  /** @param depth the level `node` sits at (the document's top is 1) */
  convert(node: YamlNode, depth: number): ConfigNode {
    if (isAlias(node)) return this.convertAlias(node, depth);
    const known = this.memo.get(node);
    if (known) return known;
    if (depth > MAX_NESTING_DEPTH) return this.tooDeep(TOO_DEEP, this.position(node));
    if (this.inProgress.has(node)) return this.refuse('YAML: an alias refers to a node that contains it', this.position(node));
    this.inProgress.add(node);
    const converted = isMap(node)
      ? this.convertMap(node, depth)
      : isSeq(node)
        ? this.convertSeq(node, depth)
        : this.convertScalar(node as Scalar);
    this.inProgress.delete(node);
    const tag = node.tag && MERGE_TAGS.has(node.tag) ? (node.tag as MergeTag) : undefined;
    if (tag) converted.tag = tag;
    this.written++;
    this.measure(converted);
    this.memo.set(node, converted);
    return converted;
  }

  private position(node: YamlNode): SourcePosition {
    return this.at(node.range?.[0] ?? 0);
  }

  /** An issue, and a null in place of the value, so later steps still get a tree. */
  private refuse(message: string, position: SourcePosition): ConfigNode {
    this.issues.push({ message, position });
    return this.placeholder(position);
  }

  /** Once per file: every value below the limit would repeat it. */
  private tooDeep(message: string, position: SourcePosition): ConfigNode {
    if (this.reportedTooDeep) return this.placeholder(position);
    this.reportedTooDeep = true;
    return this.refuse(message, position);
  }

  private placeholder(position: SourcePosition): ConfigNode {
    const node: ConfigNode = { kind: 'scalar', value: null, position };
    this.refused.add(node);
    return node;
  }

  private convertAlias(alias: Alias, depth: number): ConfigNode {
    const position = this.at(alias.range?.[0] ?? 0);
    this.targets ??= aliasTargets(this.doc);
    const target = this.targets.get(alias);
    if (!target) return this.refuse(`YAML: unknown anchor *${alias.source}`, position);
    const converted = this.convert(target, depth);
    const { size, height } = this.extent.get(converted) ?? { size: 1, height: 1 };
    if (depth + height - 1 > MAX_NESTING_DEPTH) return this.tooDeep(`${TOO_DEEP} (through *${alias.source})`, position);
    if (this.tooMuchAliasing) return this.placeholder(position);
    this.expanded += size;
    if (this.expanded > Math.max(MAX_ALIAS_EXPANSION, this.written)) {
      this.tooMuchAliasing = true;
      return this.refuse(
        `YAML: aliases expand the file to more than ${Math.max(MAX_ALIAS_EXPANSION, this.written)} values (here, *${alias.source} is ${size} values); write the values out or use fewer aliases`,
        position,
      );
    }
    return converted;
  }

  private measure(node: ConfigNode): void {
    const children = node.kind === 'sequence' ? node.items : node.kind === 'mapping' ? [...node.entries.values()].map((e) => e.value) : [];
    let size = 1;
    let height = 0;
    for (const child of children) {
      const e = this.extent.get(child) ?? { size: 1, height: 1 };
      size += e.size;
      height = Math.max(height, e.height);
    }
    this.extent.set(node, { size, height: height + 1 });
  }

  private convertScalar(node: Scalar): ConfigNode {
    let value = node.value;
    // An unknown tag (our !reset/!override) leaves a plain scalar as a string: type it as YAML would have.
    if (node.tag && MERGE_TAGS.has(node.tag) && node.type === 'PLAIN' && typeof value === 'string') {
      value = parseYamlValue(value) as unknown;
    }
    const position = this.position(node);
    const typed: ScalarValue = value === null || value === undefined ? null : isScalarValue(value) ? value : String(value);
    const text = node.type === 'PLAIN' && typeof typed !== 'string' && typed !== null ? node.source : undefined;
    return text === undefined ? { kind: 'scalar', value: typed, position } : { kind: 'scalar', value: typed, position, text };
  }

  private convertSeq(node: YAMLSeq, depth: number): ConfigNode {
    return {
      kind: 'sequence',
      position: this.position(node),
      items: node.items.map((item) => this.convert(item as YamlNode, depth + 1)),
    };
  }

  private convertMap(node: YAMLMap, depth: number): ConfigMapping {
    const out: ConfigMapping = { kind: 'mapping', position: this.position(node), entries: new Map() };
    const explicitKeys = this.keysOnce(node);
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (isMergeKey(keyNode)) {
        for (const source of this.mergeSources(pair.value as YamlNode | null, depth)) {
          for (const [key, entry] of source.entries) {
            if (!explicitKeys.has(key) && !out.entries.has(key)) out.entries.set(key, entry);
          }
        }
        continue;
      }
      if (keyNode && !isScalar(keyNode)) {
        this.issues.push({ message: 'YAML: mapping keys must be plain strings', position: this.position(keyNode) });
        continue;
      }
      const key = keyText(keyNode);
      const keyPosition = keyNode ? this.position(keyNode) : out.position;
      // Compose reads keys as text only: `123:` or `yes:` unquoted is a number or a boolean, and refused there too.
      if (!keyNode || typeof (keyNode as Scalar).value !== 'string') {
        const what = !keyNode || (keyNode as Scalar).value === null ? 'an empty key' : `the key ${key} is a ${typeof (keyNode as Scalar).value}, not text`;
        this.issues.push({ message: `YAML: ${what}; Compose needs keys written as text: quote it ("${key}")`, position: keyPosition });
      }
      const valueNode = pair.value as YamlNode | null;
      const value: ConfigNode = valueNode
        ? this.convert(valueNode, depth + 1)
        : { kind: 'scalar', value: null, position: keyPosition };
      const entry: ConfigEntry = { key, keyPosition, value };
      out.entries.set(key, entry);
    }
    return out;
  }

  /** The explicit keys of a mapping, each written once (yaml's uniqueKeys, in linear time); `<<` too. */
  private keysOnce(node: YAMLMap): Set<string> {
    const keys = new Set<string>();
    let merged = false;
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (keyNode && !isScalar(keyNode)) continue;
      const merge = isMergeKey(keyNode);
      const key = keyText(keyNode);
      if (merge ? merged : keys.has(key)) {
        this.issues.push({ message: `YAML syntax error: ${FRIENDLIER.DUPLICATE_KEY!}`, position: keyNode ? this.position(keyNode) : this.position(node) });
      }
      if (merge) merged = true;
      else keys.add(key);
    }
    return keys;
  }

  /** `<<: *a` or `<<: [*a, *b]`: the mappings to take missing keys from, earlier ones first. */
  private mergeSources(value: YamlNode | null, depth: number): ConfigMapping[] {
    if (!value) return [];
    const nodes = isSeq(value) ? (value.items as YamlNode[]) : [value];
    const out: ConfigMapping[] = [];
    for (const node of nodes) {
      const converted = this.convert(node, depth);
      if (converted.kind === 'mapping') out.push(converted);
      else if (!this.refused.has(converted)) {
        this.issues.push({ message: 'YAML: a merge key (<<) must refer to mappings', position: converted.position });
      }
    }
    return out;
  }
}

/** Each alias's node: the last node before it with that anchor, in document order (as YAML defines). */
function aliasTargets(doc: Document): Map<Alias, YamlNode> {
  const latest = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = latest.get(node.source);
        if (target) targets.set(node, target);
      } else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return targets;
}

function isScalarValue(value: unknown): value is ScalarValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

function keyText(key: unknown): string {
  if (key === null || key === undefined) return '';
  return isScalar(key) ? String(key.value ?? '') : String(key);
}
