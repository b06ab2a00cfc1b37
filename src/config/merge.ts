/**
 * Merges Compose files in order, following the Compose Specification: mappings merge
 * recursively, sequences append (without duplicates), `command`/`entrypoint`/`healthcheck.test`
 * are replaced, ports/volumes/configs/secrets merge by identity, environment/labels/extra_hosts/
 * depends_on/networks merge by key, `!reset` removes and `!override` replaces.
 * Every merged value keeps the position of the file that last defined it.
 */
import {
  matchesPattern,
  type ConfigEntry,
  type ConfigMapping,
  type ConfigNode,
  type ConfigSequence,
  type PathSegment,
} from './config-tree.js';
import { plainOf, ruleFor, STRING_OR_LIST_PATHS } from './merge-rules.js';

export function mergeTrees(trees: readonly ConfigMapping[]): ConfigMapping {
  const [first, ...rest] = trees;
  if (!first) throw new Error('mergeTrees needs at least one tree');
  let merged = clean(first) as ConfigMapping;
  for (const tree of rest) merged = mergeNodes(merged, tree, []) as ConfigMapping;
  return merged;
}

/** One service over another, with the rules of merging files: what `extends` does. */
export function mergeService(base: ConfigNode, override: ConfigNode, name: string): ConfigNode {
  return mergeNodes(base, override, ['services', name]) ?? { kind: 'mapping', position: override.position, entries: new Map() };
}

function mergeNodes(base: ConfigNode | undefined, override: ConfigNode, path: PathSegment[]): ConfigNode | undefined {
  if (override.tag === '!reset') return undefined;
  if (override.tag === '!override' || base === undefined) return clean(override);
  base = coerce(base, path);
  override = coerce(override, path);
  const rule = ruleFor(path);
  if (rule?.kind === 'replace') return clean(override);
  if (rule?.kind === 'by-key') {
    const asMapping = (n: ConfigNode) => (n.kind === 'sequence' ? rule.toMapping(n) : n);
    base = asMapping(base);
    override = asMapping(override);
  }
  if (base.kind === 'mapping' && override.kind === 'mapping') return mergeMappings(base, override, path);
  if (base.kind === 'sequence' && override.kind === 'sequence') {
    return rule?.kind === 'by-identity' ? mergeByIdentity(base, override, rule.identity) : appendUnique(base, override);
  }
  // `key:` with no value in a later file (a network or volume listed again) keeps what was there.
  if (override.kind === 'scalar' && override.value === null && base.kind === 'mapping') return base;
  return clean(override);
}

function mergeMappings(base: ConfigMapping, override: ConfigMapping, path: PathSegment[]): ConfigMapping {
  const entries = new Map(base.entries);
  for (const [key, entry] of override.entries) {
    const merged = mergeNodes(base.entries.get(key)?.value, entry.value, [...path, key]);
    if (merged === undefined) entries.delete(key);
    else entries.set(key, { key, keyPosition: entry.keyPosition, value: merged });
  }
  return { kind: 'mapping', position: override.position, entries };
}

function appendUnique(base: ConfigSequence, override: ConfigSequence): ConfigSequence {
  const seen = new Set(base.items.map((item) => JSON.stringify(plainOf(item))));
  const items = [...base.items];
  for (const item of override.items.map(clean)) {
    if (!item) continue;
    const key = JSON.stringify(plainOf(item));
    if (!seen.has(key)) items.push(item);
    seen.add(key);
  }
  return { kind: 'sequence', position: override.position, items };
}

function mergeByIdentity(
  base: ConfigSequence,
  override: ConfigSequence,
  identity: (entry: unknown) => string | undefined,
): ConfigSequence {
  const items = [...base.items];
  // Where each identity is, so a long list merges in linear time; the first entry of an identity wins the place.
  const places = new Map<string, number>();
  items.forEach((item, index) => {
    const id = identity(plainOf(item));
    if (id !== undefined && !places.has(id)) places.set(id, index);
  });
  for (const item of override.items.map(clean)) {
    if (!item) continue;
    const id = identity(plainOf(item));
    const at = id === undefined ? undefined : places.get(id);
    if (at !== undefined) items[at] = item;
    else {
      if (id !== undefined) places.set(id, items.length);
      items.push(item);
    }
  }
  return { kind: 'sequence', position: override.position, items };
}

/** Brings the forms Compose lets files mix to one: `build: ./dir` is `{context: ./dir}`, a string is a one-item list. */
function coerce(node: ConfigNode, path: PathSegment[]): ConfigNode {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return node;
  if (matchesPattern(path, ['services', '*', 'build'])) {
    const context: ConfigEntry = { key: 'context', keyPosition: node.position, value: node };
    return { kind: 'mapping', position: node.position, entries: new Map([['context', context]]) };
  }
  if (STRING_OR_LIST_PATHS.some((p) => matchesPattern(path, p))) {
    return { kind: 'sequence', position: node.position, items: [node] };
  }
  return node;
}

/** A node as a merge result: merge tags dropped, `!reset` entries removed. */
function clean(node: ConfigNode): ConfigNode | undefined {
  if (node.tag === '!reset') return undefined;
  const { tag: _tag, ...rest } = node;
  switch (rest.kind) {
    case 'scalar':
      return rest;
    case 'sequence':
      return { ...rest, items: rest.items.map(clean).filter((n): n is ConfigNode => n !== undefined) };
    case 'mapping': {
      const entries = new Map<string, ConfigEntry>();
      for (const [key, entry] of rest.entries) {
        const value = clean(entry.value);
        if (value) entries.set(key, { ...entry, value });
      }
      return { ...rest, entries };
    }
  }
}
