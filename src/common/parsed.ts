/** What a syntax parser returns: the value, or why the text is not valid (for the error message). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason?: string };

export function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function rejected<T>(reason?: string): Parsed<T> {
  return reason === undefined ? { ok: false } : { ok: false, reason };
}
