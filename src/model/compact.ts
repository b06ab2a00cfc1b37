/** Leaving out what is empty, for printing the project as a Compose file. */

/** Undefined for an empty list or mapping, so that it is left out. */
export function nonEmpty<T extends object>(value: T): T | undefined {
  return (Array.isArray(value) ? value.length : Object.keys(value).length) > 0 ? value : undefined;
}

/** The object without its undefined fields. */
export function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
