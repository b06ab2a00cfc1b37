/**
 * Compose's two ways to write key/value pairs (environment, labels, build args):
 * `{KEY: value}` or `["KEY=value"]`. A key without a value (`KEY` / `KEY:`) is null,
 * for the caller to resolve.
 */
type ScalarText = string | number | boolean | null;

export function keyValueEntries(value: Record<string, ScalarText> | readonly string[] | undefined): [string, string | null][] {
  if (value === undefined) return [];
  if (Array.isArray(value)) {
    return value.map((item: string) => {
      const at = item.indexOf('=');
      return at < 0 ? [item, null] : [item.slice(0, at), item.slice(at + 1)];
    });
  }
  return Object.entries(value as Record<string, ScalarText>).map(([key, v]) => [key, v === null ? null : String(v)]);
}

/** Labels: a key without a value is an empty label. */
export function labelMap(value: Record<string, ScalarText> | readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries(keyValueEntries(value).map(([k, v]) => [k, v ?? '']));
}
