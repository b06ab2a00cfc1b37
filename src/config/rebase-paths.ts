/**
 * Makes the relative host paths of a file absolute, for files whose paths do not resolve
 * against the project directory: a file `extends: {file}` points at, and included files
 * (Compose: "relative paths are resolved relative to their own Compose file", or to the
 * include's project_directory). The files a user names keep their relative paths (the model
 * resolves them against the project directory), except the references to other Compose
 * files (`include`, `extends.file`), which always resolve from the file that declares them.
 * `~` paths are left for the model to expand; URLs (build contexts) are left alone.
 */
import { isAbsolute, resolve } from 'node:path';
import type { ConfigEntry, ConfigMapping, ConfigNode } from './config-tree.js';

/** Where each kind of relative path resolves. */
export interface PathBases {
  /** Directory of the file itself: for `include` and `extends.file`. */
  file: string;
  /** Project directory: for build contexts, env files, bind mounts, config and secret files. Undefined: leave them. */
  project?: string;
}

export function rebasePaths(tree: ConfigMapping, bases: PathBases): ConfigMapping {
  const fileDir = bases.file;
  const project = bases.project;
  return mapEntries(tree as ConfigNode, (key, value) => {
    if (key === 'include') return mapItems(value, (item) => rebaseInclude(item, fileDir));
    if (key === 'services') return mapEntries(value, (_name, service) => rebaseService(service, fileDir, project));
    if ((key === 'configs' || key === 'secrets') && project) {
      return mapEntries(value, (_name, entry) => mapEntries(entry, (k, v) => (k === 'file' ? path(v, project) : v)));
    }
    return value;
  }) as ConfigMapping;
}

function rebaseService(service: ConfigNode, fileDir: string, project: string | undefined): ConfigNode {
  return mapEntries(service, (key, value) => {
    if (key === 'extends') return value.kind === 'mapping' ? mapEntries(value, (k, v) => (k === 'file' ? path(v, fileDir) : v)) : value;
    if (!project) return value;
    switch (key) {
      case 'build':
        return value.kind === 'scalar' ? buildContext(value, project) : mapEntries(value, (k, v) => (k === 'context' ? buildContext(v, project) : v));
      case 'env_file':
      case 'label_file':
        return value.kind === 'scalar'
          ? path(value, project)
          : mapItems(value, (item) => (item.kind === 'scalar' ? path(item, project) : mapEntries(item, (k, v) => (k === 'path' ? path(v, project) : v))));
      case 'volumes':
        return mapItems(value, (item) => (item.kind === 'scalar' ? shortBind(item, project) : longBind(item, project)));
      default:
        return value;
    }
  });
}

function rebaseInclude(item: ConfigNode, fileDir: string): ConfigNode {
  if (item.kind === 'scalar') return path(item, fileDir);
  return mapEntries(item, (key, value) => {
    if (key === 'project_directory') return path(value, fileDir);
    if (key === 'path' || key === 'env_file') return value.kind === 'scalar' ? path(value, fileDir) : mapItems(value, (v) => path(v, fileDir));
    return value;
  });
}

/** A relative path scalar made absolute; anything else as it is. */
function path(node: ConfigNode, base: string): ConfigNode {
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return node;
  const value = node.value;
  if (value === '' || isAbsolute(value) || value === '~' || value.startsWith('~/')) return node;
  return { ...node, value: resolve(base, value) };
}

function buildContext(node: ConfigNode, base: string): ConfigNode {
  if (node.kind === 'scalar' && typeof node.value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i.test(node.value)) return node;
  return path(node, base);
}

/** `./data:/data[:ro]`: only a source that starts with `.` is a relative bind mount (a bare word names a volume). */
function shortBind(node: ConfigNode, base: string): ConfigNode {
  if (node.kind !== 'scalar' || typeof node.value !== 'string' || !node.value.startsWith('.')) return node;
  const at = node.value.indexOf(':');
  if (at < 0) return node;
  return { ...node, value: resolve(base, node.value.slice(0, at)) + node.value.slice(at) };
}

function longBind(node: ConfigNode, base: string): ConfigNode {
  if (node.kind !== 'mapping') return node;
  const type = node.entries.get('type')?.value;
  if (type?.kind !== 'scalar' || type.value !== 'bind') return node;
  return mapEntries(node, (key, value) => (key === 'source' ? path(value, base) : value));
}

function mapEntries(node: ConfigNode, change: (key: string, value: ConfigNode) => ConfigNode): ConfigNode {
  if (node.kind !== 'mapping') return node;
  const entries = new Map<string, ConfigEntry>();
  for (const [key, entry] of node.entries) entries.set(key, { ...entry, value: change(key, entry.value) });
  return { ...node, entries };
}

function mapItems(node: ConfigNode, change: (item: ConfigNode) => ConfigNode): ConfigNode {
  if (node.kind !== 'sequence') return node.kind === 'scalar' ? change(node) : node;
  return { ...node, items: node.items.map(change) };
}
