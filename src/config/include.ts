/**
 * Compose's top-level `include`: each entry is loaded as a project of its own (its files
 * merged, its own project directory and `.env`, its own `extends` and `include`), then its
 * services, networks, volumes, configs and secrets are copied into this project. A name
 * that both define differently is an error (Compose refuses to merge them), the same
 * definition twice is not. Evaluated after the named files are merged, as the specification
 * says. Include loops are errors naming the files; every file read counts against the
 * project's ReadBudget, so a wide or deep include tree is bounded too.
 */
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ConfigIssue } from '../common/errors.js';
import { checkpoint } from './checkpoint.js';
import { formatPath, toPlain, type ConfigEntry, type ConfigMapping, type ConfigNode } from './config-tree.js';
import { readEnvFiles } from './env-file.js';
import { resolveExtends } from './extends.js';
import type { VariableLookup } from './interpolate.js';
import { checkKeys } from './key-check.js';
import { mergeTrees } from './merge.js';
import { readComposeFile, type ReadBudget } from './read-compose-file.js';
import { rebasePaths } from './rebase-paths.js';
import { validateCompose } from './validate.js';

/** The sections an included project brings in. */
export const INCLUDED_SECTIONS = ['services', 'networks', 'volumes', 'configs', 'secrets', 'models'] as const;

export interface IncludeScope {
  /** The including project's variables: they win over an included project's `.env`. */
  lookup: VariableLookup;
  budget: ReadBudget;
  display(path: string): string;
  signal?: AbortSignal | undefined;
}

export interface ResolvedIncludes {
  tree: ConfigMapping;
  issues: ConfigIssue[];
  warnings: ConfigIssue[];
}

interface IncludeEntry {
  paths: string[];
  projectDirectory: string;
  envFiles?: string[];
  node: ConfigNode;
}

/**
 * @param tree merged files whose `include` paths are already absolute (see rebasePaths)
 * @param files the files `tree` was merged from: an include of one of them is a loop
 */
export async function resolveIncludes(tree: ConfigMapping, files: readonly string[], scope: IncludeScope): Promise<ResolvedIncludes> {
  const list = tree.entries.get('include')?.value;
  if (!list) return { tree, issues: [], warnings: [] };
  const out: ResolvedIncludes = { tree: withoutKey(tree, 'include'), issues: [], warnings: [] };
  if (list.kind !== 'sequence') return out; // validation reports the shape
  for (const item of list.items) {
    const entry = includeEntry(item);
    if (!entry) continue;
    const loop = entry.paths.find((p) => files.includes(p));
    if (loop !== undefined) {
      const chain = [...files.slice(files.indexOf(loop)), loop].map((f) => scope.display(f)).join(' -> ');
      out.issues.push({ message: `include makes a cycle: ${chain}; remove one of these includes`, position: item.position });
      continue;
    }
    const included = await loadIncluded(entry, files, scope);
    out.issues.push(...included.issues);
    out.warnings.push(...included.warnings);
    if (included.tree) out.tree = importResources(out.tree, included.tree, entry, scope, out.issues);
  }
  return out;
}

function includeEntry(item: ConfigNode): IncludeEntry | undefined {
  const text = (n: ConfigNode | undefined) => (n?.kind === 'scalar' && typeof n.value === 'string' ? n.value : undefined);
  const texts = (n: ConfigNode | undefined) =>
    n === undefined ? undefined : n.kind === 'sequence' ? n.items.map(text).filter((t): t is string => t !== undefined) : [text(n)].filter((t): t is string => t !== undefined);
  let paths: string[] | undefined;
  let projectDirectory: string | undefined;
  let envFiles: string[] | undefined;
  if (item.kind === 'scalar') paths = texts(item);
  else if (item.kind === 'mapping') {
    paths = texts(item.entries.get('path')?.value);
    projectDirectory = text(item.entries.get('project_directory')?.value);
    envFiles = texts(item.entries.get('env_file')?.value);
  }
  if (!paths || paths.length === 0) return undefined;
  const entry: IncludeEntry = { paths, projectDirectory: projectDirectory ?? dirname(paths[0]!), node: item };
  if (envFiles) entry.envFiles = envFiles;
  return entry;
}

async function loadIncluded(entry: IncludeEntry, parents: readonly string[], scope: IncludeScope): Promise<{ tree?: ConfigMapping; issues: ConfigIssue[]; warnings: ConfigIssue[] }> {
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  // The included project's .env gives defaults; the including project's variables win.
  const defaultEnv = join(entry.projectDirectory, '.env');
  const envPaths = entry.envFiles ?? ((await exists(defaultEnv)) ? [defaultEnv] : []);
  const env = await readEnvFiles(envPaths.map((path) => ({ path, display: scope.display(path) })), scope.lookup);
  issues.push(...env.issues.map((i) => ({ ...i, message: `include: ${i.message}`, ...(i.position ? {} : { position: entry.node.position }) })));
  const lookup: VariableLookup = (name) => scope.lookup(name) ?? env.values[name];
  const extendsScope = { lookup, budget: scope.budget, display: scope.display, files: new Map() };

  const trees: ConfigMapping[] = [];
  for (const path of entry.paths) {
    await checkpoint(scope.signal);
    const read = await readComposeFile({ path, display: scope.display(path) }, lookup, scope.budget);
    issues.push(...read.issues.map((i) => (i.position ? i : { ...i, position: entry.node.position })));
    warnings.push(...read.warnings);
    if (!read.tree) continue;
    warnings.push(...checkKeys(read.tree));
    const invalid = validateCompose(read.tree).issues;
    issues.push(...invalid);
    if (invalid.length > 0) continue;
    const rebased = rebasePaths(read.tree, { file: dirname(path), project: entry.projectDirectory });
    const extended = await resolveExtends(rebased, path, extendsScope);
    issues.push(...extended.issues);
    warnings.push(...extended.warnings);
    if (rebased.entries.has('x-testbed')) {
      warnings.push({ message: `x-testbed in the included file ${scope.display(path)} is not used: Testbed's settings are read from the main files only`, position: rebased.entries.get('x-testbed')!.keyPosition });
    }
    trees.push(extended.tree);
  }
  if (issues.length > 0 || trees.length === 0) return { issues, warnings };
  const nested = await resolveIncludes(mergeTrees(trees), [...parents, ...entry.paths], { ...scope, lookup });
  return { tree: nested.tree, issues: [...issues, ...nested.issues], warnings: [...warnings, ...nested.warnings] };
}

/** Copies the included project's resources in; a name defined differently on both sides is an error. */
function importResources(tree: ConfigMapping, included: ConfigMapping, entry: IncludeEntry, scope: IncludeScope, issues: ConfigIssue[]): ConfigMapping {
  const top = new Map(tree.entries);
  for (const section of INCLUDED_SECTIONS) {
    const theirs = included.entries.get(section);
    if (theirs?.value.kind !== 'mapping') continue;
    const ours = top.get(section);
    const entries = new Map<string, ConfigEntry>(ours?.value.kind === 'mapping' ? ours.value.entries : []);
    for (const [name, resource] of theirs.value.entries) {
      const existing = entries.get(name);
      if (!existing) {
        entries.set(name, resource);
        continue;
      }
      if (JSON.stringify(toPlain(existing.value)) === JSON.stringify(toPlain(resource.value))) continue;
      const where = resource.keyPosition;
      issues.push({
        message: `${formatPath([section, name])} is defined both here and in the included ${scope.display(entry.paths[0]!)} (line ${where.line}), differently; Compose does not merge included resources: rename one of them or remove one definition`,
        position: existing.keyPosition,
      });
    }
    const position = ours?.value.position ?? theirs.value.position;
    top.set(section, { key: section, keyPosition: ours?.keyPosition ?? theirs.keyPosition, value: { kind: 'mapping', position, entries } });
  }
  return { ...tree, entries: top };
}

function withoutKey(tree: ConfigMapping, key: string): ConfigMapping {
  const entries = new Map(tree.entries);
  entries.delete(key);
  return { ...tree, entries };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
