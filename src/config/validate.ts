/**
 * Validates a parsed file against the Compose schema and turns zod's issues into
 * messages a user can act on: where (file:line:col), what was written, what is expected.
 */
import type { z } from 'zod';
import type { ConfigIssue } from '../common/errors.js';
import { formatPath, positionAt, toPlain, type ConfigNode, type PathPattern, type PathSegment } from './config-tree.js';
import { composeSchema, type ComposeFile } from './schema/compose.js';

/** Keys whose numbers/booleans mean text: `VERSION: 1.10` stays "1.10", `mode: 0440` stays octal. */
export const TEXT_VALUED_PATHS: readonly PathPattern[] = [
  ['services', '*', 'environment', '*'],
  ['services', '*', 'labels', '*'],
  ['services', '*', 'build', 'args', '*'],
  ['services', '*', 'build', 'labels', '*'],
  ['services', '*', 'configs', '*', 'mode'],
  ['services', '*', 'secrets', '*', 'mode'],
  ['services', '*', 'volumes', '*', 'tmpfs', 'mode'],
  ['networks', '*', 'labels', '*'],
  ['volumes', '*', 'labels', '*'],
  ['volumes', '*', 'driver_opts', '*'],
];

export interface Validated {
  value?: ComposeFile;
  issues: ConfigIssue[];
}

export function validateCompose(root: ConfigNode): Validated {
  const plain = toPlain(root, { textPaths: TEXT_VALUED_PATHS });
  const result = composeSchema.safeParse(plain);
  if (result.success) return { value: result.data, issues: [] };
  const issues = result.error.issues
    .flatMap((issue) => explain(issue, []))
    .map(({ path, detail }) => ({
      message: describe(path, valueAt(plain, path), detail),
      position: positionAt(root, path),
      path: formatPath(path),
    }));
  return { issues: dedupe(issues) };
}

interface Explained {
  path: PathSegment[];
  detail: string;
}

/** One message per problem; for a union, the branch that matches what was written. */
function explain(issue: z.core.$ZodIssue, base: PathSegment[]): Explained[] {
  const path = [...base, ...(issue.path as PathSegment[])];
  if (issue.code === 'invalid_union') {
    const branches = issue.errors;
    const deep = branches.find((b) => b.some((i) => i.path.length > 0));
    if (deep) return deep.flatMap((i) => explain(i, path));
    if (issue.message !== 'Invalid input') return [{ path, detail: issue.message }];
    const refined = branches.find((b) => b.every((i) => i.code !== 'invalid_type'));
    if (refined) return refined.flatMap((i) => explain(i, path));
    const expected = branches.flat().flatMap((i) => (i.code === 'invalid_type' ? [typeWord(i.expected)] : []));
    return [{ path, detail: `has the wrong type; expected ${[...new Set(expected)].join(' or ')}` }];
  }
  if (issue.code === 'invalid_type') return [{ path, detail: `is {kind}; expected ${typeWord(issue.expected)}` }];
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid')) {
    return [{ path, detail: `is not allowed; expected ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
  }
  if (issue.code === 'invalid_key') return [{ path, detail: 'is not a valid name; expected letters, digits, ".", "_" or "-"' }];
  return [{ path, detail: issue.message }];
}

function describe(path: PathSegment[], value: unknown, detail: string): string {
  const where = formatPath(path) || 'the file';
  const text = detail.replace('{kind}', kindOf(value));
  const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
  return scalar ? `${where}: ${show(value)} ${text}` : `${where} ${text}`;
}

function valueAt(root: unknown, path: PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment as string];
  }
  return value;
}

function typeWord(expected: string): string {
  const words: Record<string, string> = {
    string: 'a string', number: 'a number', int: 'a whole number', boolean: 'a boolean', object: 'a mapping',
    record: 'a mapping', array: 'a list', null: 'nothing', nonoptional: 'a value',
  };
  return words[expected] ?? expected;
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeWord(typeof value);
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.message}@${i.position?.line}:${i.position?.col}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
