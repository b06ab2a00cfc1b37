/**
 * `.env` files (the project's and `env_file:` ones): parsed with dotenv, then values
 * interpolated as Compose does, so `URL=http://${HOST:-localhost}` works. A value in
 * single quotes is literal. Variables from `lookup` (the process environment) win over
 * the file, which may refer to its own earlier keys.
 */
import { readTextFile } from './read-text.js';
import { parse as parseDotenv } from 'dotenv';
import type { ConfigIssue } from '../common/errors.js';
import { interpolate, InterpolationError, type VariableLookup } from './interpolate.js';

export interface EnvFileContents {
  values: Record<string, string>;
  issues: ConfigIssue[];
}

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([\w.-]+)[ \t]*=[ \t]*(')?/gm;

/** @param file the name shown in positions */
export function parseEnvFile(content: string, file: string, lookup: VariableLookup): EnvFileContents {
  const raw = parseDotenv(content);
  const lines = new Map<string, { line: number; literal: boolean }>();
  for (const match of content.matchAll(ASSIGNMENT)) {
    const line = content.slice(0, match.index).split('\n').length;
    lines.set(match[1]!, { line, literal: match[2] === "'" });
  }
  const values: Record<string, string> = {};
  const issues: ConfigIssue[] = [];
  const resolve: VariableLookup = (name) => lookup(name) ?? values[name];
  for (const [key, value] of Object.entries(raw)) {
    const where = lines.get(key);
    if (where?.literal || !value.includes('$')) {
      values[key] = value;
      continue;
    }
    try {
      values[key] = interpolate(value, resolve).value;
    } catch (err) {
      if (!(err instanceof InterpolationError)) throw err;
      issues.push({ message: `${key}: ${err.message}`, position: { file, line: where?.line ?? 1, col: 1 } });
    }
  }
  return { values, issues };
}

export interface EnvFileSource {
  path: string;
  /** Name shown in messages. */
  display: string;
}

/**
 * Reads env files in order; later files override earlier ones. Missing files are issues
 * (the caller decides which files are optional).
 */
export async function readEnvFiles(files: readonly EnvFileSource[], lookup: VariableLookup): Promise<EnvFileContents> {
  const values: Record<string, string> = {};
  const issues: ConfigIssue[] = [];
  for (const file of files) {
    let content: string;
    try {
      content = await readTextFile(file.path);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(err)})`;
      issues.push({ message: `env file ${file.display} ${reason}` });
      continue;
    }
    const parsed = parseEnvFile(content, file.display, (name) => lookup(name) ?? values[name]);
    Object.assign(values, parsed.values);
    issues.push(...parsed.issues);
  }
  return { values, issues };
}
