/**
 * The values a set is configured with: the file's `x-testbed.values`, then the overrides given
 * for the set (`--values FILE`, `--set-value KEY=VALUE`). Later wins; mappings merge key by key.
 * Where overrides are kept between commands is each side's business (lifecycle/configure/value-store.ts).
 */
export type Values = Record<string, unknown>;

function isRecord(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Later wins; mappings merge key by key, anything else is replaced. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isRecord(current) && isRecord(value) ? mergeValues(current, value) : value;
  }
  return out;
}

/** `a.b.c` + value -> { a: { b: { c: value } } }. */
export function valueAtPath(path: string, value: unknown): Values {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Values;
}
