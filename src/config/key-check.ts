/**
 * Warnings for keys Testbed will not act on: a key Compose defines but Testbed does not
 * support yet (named, with file:line), and a key nobody defines (with "did you mean").
 * The known keys are read from the zod schema itself, so there is one list to maintain.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import type { ConfigIssue } from '../common/errors.js';
import { formatPath, matchesPattern, type ConfigNode, type PathPattern, type PathSegment } from './config-tree.js';
import { unsupportedReason } from './schema/marks.js';
import { composeSchema } from './schema/compose.js';

/** Keys Compose knows that Testbed deliberately ignores, with why. */
const IGNORED: { pattern: PathPattern; message: (path: string) => string }[] = [
  { pattern: ['version'], message: () => 'the top-level "version" is obsolete and ignored; remove it' },
];

export function checkKeys(root: ConfigNode, schema: z.ZodType = composeSchema): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  walk(root, schema, [], warnings);
  return warnings;
}

type Def = { type: string; [key: string]: unknown };

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

/** Looks through optional/nullable/default/lazy/pipe wrappers to the schema that says what is allowed. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch'].includes(def.type)) {
      current = def.innerType as z.ZodType;
    } else if (def.type === 'lazy') current = (def.getter as () => z.ZodType)();
    else if (def.type === 'pipe') current = def.in as z.ZodType;
    else return current;
  }
}

/** The member of a union that describes a node of this kind (a mapping or a list). */
function pick(schema: z.ZodType, node: ConfigNode): z.ZodType | undefined {
  const def = defOf(schema);
  if (def.type !== 'union') return schema;
  const wanted = node.kind === 'mapping' ? ['object', 'record'] : node.kind === 'sequence' ? ['array'] : [];
  for (const option of def.options as z.ZodType[]) {
    const inner = unwrap(option);
    const found = pick(inner, node);
    if (found && wanted.includes(defOf(found).type)) return found;
  }
  return undefined;
}

function walk(node: ConfigNode, schema: z.ZodType, path: PathSegment[], out: ConfigIssue[]): void {
  if (node.tag === '!reset') return;
  const target = pick(unwrap(schema), node);
  if (!target) return;
  const def = defOf(target);
  if (node.kind === 'sequence' && def.type === 'array') {
    node.items.forEach((item, i) => walk(item, def.element as z.ZodType, [...path, i], out));
  } else if (node.kind === 'mapping' && def.type === 'record') {
    for (const [key, entry] of node.entries) walk(entry.value, def.valueType as z.ZodType, [...path, key], out);
  } else if (node.kind === 'mapping' && def.type === 'object') {
    const shape = def.shape as Record<string, z.ZodType>;
    for (const [key, entry] of node.entries) {
      // Extensions are the user's own, except Testbed's: a typo there is as easy to make.
      if (key.startsWith('x-') && !(key in shape)) continue;
      const keyPath = [...path, key];
      const ignored = IGNORED.find((i) => matchesPattern(keyPath, i.pattern));
      if (ignored) {
        out.push({ message: ignored.message(formatPath(keyPath)), position: entry.keyPosition, path: formatPath(keyPath) });
      } else if (!(key in shape)) {
        out.push({ message: unknownKey(key, path, Object.keys(shape)), position: entry.keyPosition, path: formatPath(keyPath) });
      } else if (unsupportedReason(shape[key]!) !== undefined) {
        const message = `${formatPath(keyPath)} is ignored: ${unsupportedReason(shape[key]!)!}`;
        out.push({ message, position: entry.keyPosition, path: formatPath(keyPath) });
      } else {
        walk(entry.value, shape[key]!, keyPath, out);
      }
    }
  }
}

function unknownKey(key: string, parent: PathSegment[], known: string[]): string {
  const where = parent.length === 0 ? 'at the top level' : `in ${formatPath(parent)}`;
  const suggestion = suggest(key, known);
  const tail = suggestion ? `; did you mean "${suggestion}"?` : '; custom keys go under x-* (Testbed\'s own under x-testbed)';
  return `unknown key "${key}" ${where} is ignored${tail}`;
}

/** The closest known key, if it is close enough to be a typo. */
export function suggest(key: string, known: string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = key.toLowerCase();
  const best = closest(lower, known);
  return distance(lower, best) <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}
