/** Compose-style durations in x-testbed keys ("90s", "5m", "1h30m", "500ms") -> milliseconds. */
const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  let total = 0;
  let matched = '';
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(us|ms|s|m|h|d)/g)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched += m[0];
  }
  return matched !== '' && matched === text ? total : undefined;
}

/** Kubernetes counts whole seconds; a part of a second still needs a second. */
export function seconds(ms: number, minimum = 1): number {
  return Math.max(minimum, Math.ceil(ms / 1000));
}
