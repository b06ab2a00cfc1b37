/**
 * The config layer's pipeline for a list of files: read, parse with positions, interpolate,
 * check keys, validate each file, then merge them in order and validate the result.
 * All problems of all files are collected before one ConfigError is thrown.
 */
import { ConfigError, type ConfigIssue } from '../common/errors.js';
import { checkpoint } from './checkpoint.js';
import type { ConfigMapping } from './config-tree.js';
import { interpolateTree } from './interpolate-tree.js';
import type { VariableLookup } from './interpolate.js';
import { checkKeys } from './key-check.js';
import { mergeTrees } from './merge.js';
import { parseYaml } from './parse-yaml.js';
import { readTextFile } from './read-text.js';
import type { ComposeFile } from './schema/compose.js';
import { validateCompose } from './validate.js';

export interface ComposeSource {
  /** Absolute path. */
  path: string;
  /** Name shown in positions and messages. */
  display: string;
}

export interface LoadedCompose {
  /** The merged files as a tree, to find where any value was written. */
  tree: ConfigMapping;
  /** The merged files, validated and typed. */
  compose: ComposeFile;
  warnings: ConfigIssue[];
}

/** @throws ConfigError with every problem found in every file */
/** @param signal Ctrl-C: checked between files and steps */
export async function loadComposeFiles(sources: readonly ComposeSource[], lookup: VariableLookup, signal?: AbortSignal): Promise<LoadedCompose> {
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const trees: ConfigMapping[] = [];

  for (const source of sources) {
    let text: string;
    try {
      text = await readTextFile(source.path);
    } catch (err) {
      issues.push({ message: `cannot read ${source.display}: ${(err as Error).message}` });
      continue;
    }
    const parsed = parseYaml(text, source.display);
    await checkpoint(signal);
    issues.push(...parsed.issues);
    warnings.push(...parsed.warnings);
    if (!parsed.root) continue;
    if (parsed.root.kind !== 'mapping') {
      issues.push({
        message: `${source.display} is not a Compose file: its top level must be a mapping with keys such as services`,
        position: parsed.root.position,
      });
      continue;
    }
    if (parsed.root.tag) {
      issues.push({ message: `${parsed.root.tag} on the whole file has nothing to reset or override; put it on a value`, position: parsed.root.position });
      continue;
    }
    const interpolated = interpolateTree(parsed.root, lookup);
    warnings.push(...interpolated.warnings);
    warnings.push(...checkKeys(interpolated.root));
    issues.push(...inFileOrder([...interpolated.issues, ...validateCompose(interpolated.root).issues]));
    trees.push(interpolated.root as ConfigMapping);
    await checkpoint(signal);
  }
  if (issues.length > 0) throw new ConfigError(issues);

  const tree = mergeTrees(trees);
  const merged = validateCompose(tree);
  if (!merged.value) throw new ConfigError(merged.issues);
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
