/**
 * Which Compose merge rule applies where (Compose Specification, "Merge"):
 * most mappings merge recursively and most sequences append, with the exceptions below.
 */
import { matchesPattern, toPlain, type ConfigMapping, type ConfigNode, type ConfigSequence, type Path, type PathPattern } from './config-tree.js';
import { parsePortSpec, parsePortRange, portIdentity } from './syntax/port.js';
import { volumeTarget } from './syntax/volume.js';

export type MergeRule =
  /** The later file's value wins whole (shell commands). */
  | { kind: 'replace' }
  /** Both sides become mappings (a list is converted), then merge by key. */
  | { kind: 'by-key'; toMapping: (list: ConfigSequence) => ConfigMapping }
  /** Sequence entries with the same identity are replaced in place, others appended. */
  | { kind: 'by-identity'; identity: (entry: unknown) => string | undefined };

const service = (...rest: string[]): PathPattern => ['services', '*', ...rest];

const RULES: { pattern: PathPattern; rule: MergeRule }[] = [
  ...[service('command'), service('entrypoint'), service('healthcheck', 'test')].map((pattern) => ({
    pattern,
    rule: { kind: 'replace' } as MergeRule,
  })),
  ...[
    service('environment'), service('labels'), service('build', 'args'), service('build', 'labels'),
    service('deploy', 'labels'), service('annotations'), service('sysctls'), ['networks', '*', 'labels'],
    ['volumes', '*', 'labels'],
  ].map((pattern) => ({ pattern, rule: { kind: 'by-key', toMapping: keyValueList('=') } as MergeRule })),
  { pattern: service('extra_hosts'), rule: { kind: 'by-key', toMapping: keyValueList('=:') } },
  { pattern: service('depends_on'), rule: { kind: 'by-key', toMapping: namesToMapping(startedDependency) } },
  { pattern: service('networks'), rule: { kind: 'by-key', toMapping: namesToMapping(nullValue) } },
  { pattern: service('ports'), rule: { kind: 'by-identity', identity: portEntryIdentity } },
  { pattern: service('volumes'), rule: { kind: 'by-identity', identity: volumeTarget } },
  { pattern: service('configs'), rule: { kind: 'by-identity', identity: fileTarget('/') } },
  { pattern: service('secrets'), rule: { kind: 'by-identity', identity: fileTarget('/run/secrets/') } },
];

/** Keys written as a string or a list: a string is a one-item list, so files can mix forms. */
export const STRING_OR_LIST_PATHS: readonly PathPattern[] = [
  service('env_file'), service('tmpfs'), service('dns'), service('dns_search'), service('profiles'),
];

export function ruleFor(path: Path): MergeRule | undefined {
  return RULES.find((r) => matchesPattern(path, r.pattern))?.rule;
}

/** `["KEY=value", "KEY"]` as `{KEY: value, KEY: null}`; separators are tried in order. */
function keyValueList(separators: string): (list: ConfigSequence) => ConfigMapping {
  return (list) => {
    const out: ConfigMapping = { kind: 'mapping', position: list.position, entries: new Map() };
    for (const item of list.items) {
      const text = String(item.kind === 'scalar' ? item.value : '');
      const at = [...separators].map((s) => text.indexOf(s)).find((i) => i >= 0) ?? -1;
      const key = at >= 0 ? text.slice(0, at) : text;
      const value = at >= 0 ? text.slice(at + 1) : null;
      out.entries.set(key, { key, keyPosition: item.position, value: { kind: 'scalar', value, position: item.position } });
    }
    return out;
  };
}

function namesToMapping(valueFor: (item: ConfigNode) => ConfigNode): (list: ConfigSequence) => ConfigMapping {
  return (list) => {
    const out: ConfigMapping = { kind: 'mapping', position: list.position, entries: new Map() };
    for (const item of list.items) {
      const key = String(item.kind === 'scalar' ? item.value : '');
      out.entries.set(key, { key, keyPosition: item.position, value: valueFor(item) });
    }
    return out;
  };
}

function startedDependency(item: ConfigNode): ConfigNode {
  const condition = { kind: 'scalar', value: 'service_started', position: item.position } as const;
  return {
    kind: 'mapping',
    position: item.position,
    entries: new Map([['condition', { key: 'condition', keyPosition: item.position, value: condition }]]),
  };
}

function nullValue(item: ConfigNode): ConfigNode {
  return { kind: 'scalar', value: null, position: item.position };
}

/** Compose's port identity {ip, target, published, protocol}, for short and long syntax alike. */
function portEntryIdentity(entry: unknown): string | undefined {
  if (typeof entry === 'string' || typeof entry === 'number') {
    const port = parsePortSpec(entry);
    return port.ok ? portIdentity(port.value) : undefined;
  }
  if (!entry || typeof entry !== 'object') return undefined;
  const long = entry as Record<string, unknown>;
  const target = parsePortRange(String(long.target ?? ''));
  const published = long.published === undefined || long.published === '' ? undefined : parsePortRange(String(long.published));
  if (!target.ok || (published && !published.ok)) return undefined;
  return portIdentity({
    target: target.value.start,
    ...(published?.ok ? { published: published.value.start, publishedEnd: published.value.end } : {}),
    ...(typeof long.host_ip === 'string' ? { hostIp: long.host_ip } : {}),
    protocol: long.protocol === 'udp' ? 'udp' : 'tcp',
  });
}

/** A config or secret mounts at `target`, by default `<dir><source>`. */
function fileTarget(defaultDir: string): (entry: unknown) => string | undefined {
  return (entry) => {
    if (typeof entry === 'string') return defaultDir + entry;
    if (!entry || typeof entry !== 'object') return undefined;
    const ref = entry as Record<string, unknown>;
    if (typeof ref.target === 'string') return ref.target.startsWith('/') ? ref.target : defaultDir + ref.target;
    return typeof ref.source === 'string' ? defaultDir + ref.source : undefined;
  };
}

/** Plain value of a node for identity and equality checks. */
export function plainOf(node: ConfigNode): unknown {
  return toPlain(node);
}
