/**
 * Parses one Compose file's YAML into a ConfigNode tree where every value knows
 * its file:line:col. Syntax errors become issues with positions (never a stack trace).
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

/** yaml's messages for the errors users hit most, in Compose terms. */
const FRIENDLIER: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'a key is defined twice in the same mapping',
  BAD_INDENT: 'bad indentation',
  TAB_AS_INDENT: 'tabs are not allowed for indentation; use spaces',
};

/** @param file the file name shown in positions (relative to the working directory when possible). */
export function parseYaml(source: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourcePosition => ({ file, ...lineCounter.linePos(offset) });

  const issues: ConfigIssue[] = doc.errors.map((err) => {
    const detail = FRIENDLIER[err.code] ?? err.message.split('\n')[0]!;
    return { message: `YAML syntax error: ${detail}`, position: at(err.pos[0]) };
  });
  const warnings: ConfigIssue[] = doc.warnings
    .filter((w) => !(w.code === 'TAG_RESOLVE_FAILED' && MERGE_TAGS.has(/tag: (\S+)/.exec(w.message)?.[1] ?? '')))
    .map((w) => ({ message: `YAML: ${w.message.split('\n')[0]}`, position: at(w.pos[0]) }));
  if (issues.length > 0) return { issues, warnings };

  const converter = new TreeConverter(doc, at);
  const root = doc.contents ? converter.convert(doc.contents as YamlNode) : emptyMapping(at(0));
  return { root, issues: converter.issues, warnings };
}

function emptyMapping(position: SourcePosition): ConfigMapping {
  return { kind: 'mapping', position, entries: new Map() };
}

/** Converts yaml's AST to ConfigNodes, resolving aliases and `<<` merge keys on the way. */
class TreeConverter {
  readonly issues: ConfigIssue[] = [];
  /** Aliased nodes are converted once and shared, which also stops alias bombs. */
  private readonly memo = new Map<YamlNode, ConfigNode>();
  private readonly inProgress = new Set<YamlNode>();

  constructor(
    private readonly doc: Document,
    private readonly at: (offset: number) => SourcePosition,
  ) {}

  convert(node: YamlNode): ConfigNode {
    if (isAlias(node)) return this.convertAlias(node);
    const known = this.memo.get(node);
    if (known) return known;
    if (this.inProgress.has(node)) {
      this.issues.push({ message: 'YAML: an alias refers to a node that contains it', position: this.position(node) });
      return { kind: 'scalar', value: null, position: this.position(node) };
    }
    this.inProgress.add(node);
    const converted = isMap(node) ? this.convertMap(node) : isSeq(node) ? this.convertSeq(node) : this.convertScalar(node as Scalar);
    this.inProgress.delete(node);
    const tag = node.tag && MERGE_TAGS.has(node.tag) ? (node.tag as MergeTag) : undefined;
    if (tag) converted.tag = tag;
    this.memo.set(node, converted);
    return converted;
  }

  private position(node: YamlNode): SourcePosition {
    return this.at(node.range?.[0] ?? 0);
  }

  private convertAlias(alias: Alias): ConfigNode {
    const target = alias.resolve(this.doc);
    if (!target) {
      const position = this.at(alias.range?.[0] ?? 0);
      this.issues.push({ message: `YAML: unknown anchor *${alias.source}`, position });
      return { kind: 'scalar', value: null, position };
    }
    return this.convert(target);
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

  private convertSeq(node: YAMLSeq): ConfigNode {
    return {
      kind: 'sequence',
      position: this.position(node),
      items: node.items.map((item) => this.convert(item as YamlNode)),
    };
  }

  private convertMap(node: YAMLMap): ConfigMapping {
    const out: ConfigMapping = { kind: 'mapping', position: this.position(node), entries: new Map() };
    const explicitKeys = new Set(node.items.filter((p) => !isMergeKey(p.key)).map((p) => keyText(p.key)));
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      if (isMergeKey(keyNode)) {
        for (const source of this.mergeSources(pair.value as YamlNode | null)) {
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
      const valueNode = pair.value as YamlNode | null;
      const value: ConfigNode = valueNode
        ? this.convert(valueNode)
        : { kind: 'scalar', value: null, position: keyPosition };
      const entry: ConfigEntry = { key, keyPosition, value };
      out.entries.set(key, entry);
    }
    return out;
  }

  /** `<<: *a` or `<<: [*a, *b]`: the mappings to take missing keys from, earlier ones first. */
  private mergeSources(value: YamlNode | null): ConfigMapping[] {
    if (!value) return [];
    const nodes = isSeq(value) ? (value.items as YamlNode[]) : [value];
    const out: ConfigMapping[] = [];
    for (const node of nodes) {
      const converted = this.convert(node);
      if (converted.kind === 'mapping') out.push(converted);
      else this.issues.push({ message: 'YAML: a merge key (<<) must refer to mappings', position: converted.position });
    }
    return out;
  }
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
