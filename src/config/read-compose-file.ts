/**
 * One Compose file from disk to an interpolated tree: read (bounded), parse with positions,
 * check the top level is a mapping, interpolate. Shared by the files a user names, the files
 * `extends: {file}` points at and the files `include` pulls in, so every file read while
 * loading a project is read the same way and counted against the same budget.
 */
import { readTextFile } from './read-text.js';
import type { ConfigIssue } from '../common/errors.js';
import type { ConfigMapping } from './config-tree.js';
import { interpolateTree } from './interpolate-tree.js';
import type { VariableLookup } from './interpolate.js';
import { parseYaml } from './parse-yaml.js';
import { stat } from 'node:fs/promises';

export interface ComposeSource {
  /** Absolute path. */
  path: string;
  /** Name shown in positions and messages. */
  display: string;
}

export interface ReadComposeFile {
  /** Undefined when the file could not be read or parsed; `issues` says why. */
  tree?: ConfigMapping;
  issues: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** Files one project may read in all (named, extended and included): a loop of includes stops long before. */
export const MAX_COMPOSE_FILES = 100;
/** Bytes of Compose files one project may read in all. */
export const MAX_COMPOSE_BYTES = 64 * 1024 * 1024;

/** Counts the files and bytes read while loading one project. */
export class ReadBudget {
  files = 0;
  bytes = 0;

  /** @returns why the file may not be read, or undefined when it may */
  async take(path: string): Promise<string | undefined> {
    this.files++;
    if (this.files > MAX_COMPOSE_FILES) {
      return `more than ${MAX_COMPOSE_FILES} Compose files are read for this project (through include and extends); cannot read ${path}`;
    }
    const size = await stat(path).then((s) => s.size, () => 0);
    this.bytes += size;
    if (this.bytes > MAX_COMPOSE_BYTES) {
      return `the Compose files of this project add up to more than ${MAX_COMPOSE_BYTES / 1024 / 1024} MiB; cannot read ${path}`;
    }
    return undefined;
  }
}

export async function readComposeFile(source: ComposeSource, lookup: VariableLookup, budget: ReadBudget): Promise<ReadComposeFile> {
  const refused = await budget.take(source.path);
  if (refused) return { issues: [{ message: refused }], warnings: [] };
  let text: string;
  try {
    text = await readTextFile(source.path);
  } catch (err) {
    return { issues: [{ message: `cannot read ${source.display}: ${(err as Error).message}` }], warnings: [] };
  }
  const parsed = parseYaml(text, source.display);
  const warnings = [...parsed.warnings];
  if (!parsed.root) return { issues: parsed.issues, warnings };
  if (parsed.root.kind !== 'mapping') {
    const message = `${source.display} is not a Compose file: its top level must be a mapping with keys such as services`;
    return { issues: [...parsed.issues, { message, position: parsed.root.position }], warnings };
  }
  if (parsed.root.tag) {
    const message = `${parsed.root.tag} on the whole file has nothing to reset or override; put it on a value`;
    return { issues: [...parsed.issues, { message, position: parsed.root.position }], warnings };
  }
  const interpolated = interpolateTree(parsed.root, lookup);
  warnings.push(...interpolated.warnings);
  return { tree: interpolated.root as ConfigMapping, issues: [...parsed.issues, ...interpolated.issues], warnings };
}
