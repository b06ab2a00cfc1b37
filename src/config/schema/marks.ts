/**
 * Marks on schema nodes that plain zod cannot express, read by the key checker and
 * the JSON Schema writer:
 * - unsupported: a key Compose defines that Testbed ignores for now (a warning, not an error);
 * - closed: an object whose unknown keys are warnings here but that editors should flag,
 *   with `x-*` extension keys allowed (Compose's rule).
 */
import { z } from 'zod';

const unsupportedSchemas = new WeakMap<z.ZodType, string>();
const closedObjects = new WeakSet<object>();

/**
 * A Compose key Testbed accepts but does not act on: loading warns with `reason` (why, and
 * what to do instead), so no key of the Compose Specification is dropped without a word.
 */
export function unsupported(reason: string): z.ZodOptional<z.ZodUnknown> {
  const schema = z.unknown().optional().describe(`Ignored by Testbed, with a warning: ${reason}`);
  unsupportedSchemas.set(schema, reason);
  return schema;
}

/** Several unsupported keys at once, each with its reason, to spread into a shape. */
export function unsupportedKeys<K extends string>(reasons: Record<K, string>): Record<K, z.ZodOptional<z.ZodUnknown>> {
  return Object.fromEntries(Object.entries(reasons).map(([key, reason]) => [key, unsupported(reason as string)])) as Record<K, z.ZodOptional<z.ZodUnknown>>;
}

/** Why an unsupported key is ignored; undefined for a key Testbed acts on. */
export function unsupportedReason(schema: z.ZodType): string | undefined {
  return unsupportedSchemas.get(schema);
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
