/**
 * Validates a parsed file against the Compose schema and turns zod's issues into
 * messages a user can act on: where (file:line:col), what was written, what is expected.
 */
import type { z } from 'zod';
import type { ConfigIssue } from '../common/errors.js';
import { formatPath, keyPositionAt, positionAt, toPlain, type ConfigNode, type PathPattern, type PathSegment } from './config-tree.js';
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
  // Without zod's generated fast path: it compiles code (new Function) for each object schema on
  // its first parse, which pays back only after thousands of parses; a command parses a file once
  // or a few times, and the compiling was most of the time `status` took to read a small file.
  const result = composeSchema.safeParse(plain, { jitless: true });
  if (result.success) return { value: result.data, issues: [] };
  const issues = result.error.issues
    .flatMap((issue) => explain(issue, []))
    .map(({ path, detail, key }) => ({
      message: describe(path, key ? path[path.length - 1] : valueAt(plain, path), detail),
      position: key ? keyPositionAt(root, path) : positionAt(root, path),
      path: formatPath(path),
    }));
  return { issues: dedupe(issues) };
}

interface Explained {
  path: PathSegment[];
  detail: string;
  /** The problem is the key at the end of the path (a name), not its value. */
  key?: boolean;
}

/** One message per problem; for a union, the branch that matches what was written. */
function explain(issue: z.core.$ZodIssue, base: PathSegment[]): Explained[] {
  const path = [...base, ...(issue.path as PathSegment[])];
  if (issue.code === 'invalid_union') {
    const branches = issue.errors;
    const deep = branches.find((b) => b.some((i) => i.path.length > 0));
    if (deep) return deep.flatMap((i) => explain(i, path));
    // A union's own message says only what is expected: say first what was written.
    if (issue.message !== 'Invalid input') {
      return [{ path, detail: issue.message.startsWith('expected') ? `is {kind}; ${issue.message}` : issue.message }];
    }
    const refined = branches.find((b) => b.every((i) => i.code !== 'invalid_type'));
    if (refined) return refined.flatMap((i) => explain(i, path));
    const expected = branches.flat().flatMap((i) => (i.code === 'invalid_type' ? [typeWord(i.expected)] : []));
    return [{ path, detail: `has the wrong type; expected ${[...new Set(expected)].join(' or ')}` }];
  }
  if (issue.code === 'invalid_key') {
    return [{ path, detail: 'is not a valid name; expected letters, digits, ".", "_" or "-"', key: true }];
  }
  // zod's own messages start with a capital ("Invalid input..."); the schema's read on from the value.
  const own = !/^[A-Z]/.test(issue.message);
  if (issue.code === 'invalid_type') return [{ path, detail: own ? issue.message : `is {kind}; expected ${typeWord(issue.expected)}` }];
  if (own) return [{ path, detail: issue.message }];
  if (issue.code === 'invalid_value') {
    return [{ path, detail: `is not allowed; expected ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
  }
  if (issue.code === 'invalid_format' && 'pattern' in issue) return [{ path, detail: `is not valid; expected text matching ${issue.pattern}` }];
  if (issue.code === 'too_small') return [{ path, detail: `is too small; expected at least ${String(issue.minimum)}` }];
  if (issue.code === 'too_big') return [{ path, detail: `is too big; expected at most ${String(issue.maximum)}` }];
  return [{ path, detail: issue.message }];
}

function describe(path: PathSegment[], value: unknown, detail: string): string {
  const where = formatPath(path) || 'the file';
  const text = detail.replace('{kind}', kindOf(value));
  const shown = show(value);
  return shown === undefined ? `${where} ${text}` : `${where}: ${shown} ${text}`;
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

/** The offending value as a user would recognise it; lists and mappings only when short. */
function show(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
  const text = typeof value === 'string' || !scalar ? JSON.stringify(value) : String(value);
  if (!scalar) return text.length <= 40 ? text : undefined;
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
