/**
 * The config layer's pipeline for a list of files: read, parse with positions, interpolate,
 * check keys, validate each file, then merge them in order and validate the result.
 * All problems of all files are collected before one ConfigError is thrown.
 */
import { dirname } from 'node:path';
import { ConfigError, type ConfigIssue } from '../common/errors.js';
import { checkpoint } from './checkpoint.js';
import type { ConfigMapping } from './config-tree.js';
import { resolveExtends, type ExtendsScope } from './extends.js';
import { resolveIncludes } from './include.js';
import type { VariableLookup } from './interpolate.js';
import { checkKeys } from './key-check.js';
import { mergeTrees } from './merge.js';
import { ReadBudget, readComposeFile, type ComposeSource } from './read-compose-file.js';
import { rebasePaths } from './rebase-paths.js';
import type { ComposeFile } from './schema/compose.js';
import { validateCompose } from './validate.js';

export type { ComposeSource } from './read-compose-file.js';

export interface LoadedCompose {
  /** The merged files as a tree, to find where any value was written. */
  tree: ConfigMapping;
  /** The merged files, validated and typed. */
  compose: ComposeFile;
  warnings: ConfigIssue[];
}

export interface LoadComposeOptions {
  /** Ctrl-C: checked between files and steps. */
  signal?: AbortSignal | undefined;
  /** How a file that a file refers to (extends, include) is named in messages; default: its path. */
  display?: ((path: string) => string) | undefined;
}

/**
 * @throws ConfigError with every problem found in every file, and the warnings found so far
 */
export async function loadComposeFiles(
  sources: readonly ComposeSource[],
  lookup: VariableLookup,
  options: LoadComposeOptions | AbortSignal = {},
): Promise<LoadedCompose> {
  const { signal, display = (path: string) => path } = options instanceof AbortSignal ? { signal: options } : options;
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const trees: ConfigMapping[] = [];
  const budget = new ReadBudget();
  const extendsScope: ExtendsScope = { lookup, budget, display, files: new Map() };
  const fail = (found: ConfigIssue[]) => new ConfigError(found, { warnings: dedupe(warnings) });

  for (const source of sources) {
    const read = await readComposeFile(source, lookup, budget);
    await checkpoint(signal);
    warnings.push(...read.warnings);
    if (!read.tree) {
      issues.push(...read.issues);
      continue;
    }
    warnings.push(...checkKeys(read.tree));
    const fileIssues = [...read.issues, ...validateCompose(read.tree).issues];
    issues.push(...inFileOrder(fileIssues));
    if (fileIssues.length > 0) continue;
    // References to other Compose files resolve from the file that makes them.
    const rebased = rebasePaths(read.tree, { file: dirname(source.path) });
    const extended = await resolveExtends(rebased, source.path, extendsScope);
    issues.push(...extended.issues);
    warnings.push(...extended.warnings);
    trees.push(extended.tree);
    await checkpoint(signal);
  }
  if (issues.length > 0) throw fail(issues);

  const included = await resolveIncludes(mergeTrees(trees), sources.map((s) => s.path), { lookup, budget, display, signal });
  warnings.push(...included.warnings);
  if (included.issues.length > 0) throw fail(included.issues);
  const tree = included.tree;
  const merged = validateCompose(tree);
  if (!merged.value) throw fail(merged.issues);
  return { tree, compose: merged.value, warnings: dedupe(warnings) };
}

/** One file's problems top to bottom, as a user reads the file. */
function inFileOrder(issues: ConfigIssue[]): ConfigIssue[] {
  const rank = (i: ConfigIssue) => (i.position ? i.position.line * 1e6 + i.position.col : 0);
  return [...issues].sort((a, b) => rank(a) - rank(b));
}

function dedupe(warnings: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.message}@${w.position?.file}:${w.position?.line}:${w.position?.col}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
