/**
 * Marks on schema nodes that plain zod cannot express, read by the key checker and
 * the JSON Schema writer:
 * - unsupported: a key Compose defines that Testbed ignores for now (a warning, not an error);
 * - closed: an object whose unknown keys are warnings here but that editors should flag,
 *   with `x-*` extension keys allowed (Compose's rule).
 */
import { z } from 'zod';

const unsupportedSchemas = new WeakSet<z.ZodType>();
const closedObjects = new WeakSet<object>();

/** A Compose key Testbed accepts but does not act on yet. */
export function unsupported(): z.ZodOptional<z.ZodUnknown> {
  const schema = z.unknown().optional().describe('A Compose key Testbed does not support yet: it is ignored, with a warning.');
  unsupportedSchemas.add(schema);
  return schema;
}

/** Several unsupported keys at once, to spread into a shape. */
export function unsupportedKeys<K extends string>(...keys: K[]): Record<K, z.ZodOptional<z.ZodUnknown>> {
  return Object.fromEntries(keys.map((key) => [key, unsupported()])) as Record<K, z.ZodOptional<z.ZodUnknown>>;
}

export function isUnsupported(schema: z.ZodType): boolean {
  return unsupportedSchemas.has(schema);
}

/**
 * An object with Compose's key rules. Unknown keys pass validation (loose) so that the key
 * checker can report them as warnings with a suggestion instead of failing the whole file.
 */
export function closed<T extends z.ZodType>(schema: T): T {
  closedObjects.add(schema);
  return schema;
}

export function composeObject<S extends z.ZodRawShape>(shape: S, description?: string) {
  const schema = z.looseObject(shape);
  return closed(description ? schema.describe(description) : schema);
}

export function isClosed(schema: object): boolean {
  return closedObjects.has(schema);
}
