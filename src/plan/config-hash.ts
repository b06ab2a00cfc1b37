/**
 * A container's config hash: what `up` compares to decide whether a container still matches
 * the file. It covers everything that would be created, and nothing that is only spelling
 * (key order), so an unchanged service is never recreated.
 */
import { createHash } from 'node:crypto';
import { LABEL } from './labels.js';
import type { ContainerSpec } from './specs.js';

/**
 * JSON with object keys sorted at every level, so equal values give equal text.
 * Like JSON.stringify, undefined properties are left out and undefined array items become null.
 * (Written out by hand because objects list integer-like keys first, whatever order they are given.)
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** sha256 (hex) of the spec without its own config-hash label, which cannot cover itself. */
export function configHash(spec: ContainerSpec): string {
  const { [LABEL.configHash]: _ignored, ...labels } = spec.labels;
  return createHash('sha256').update(canonicalJson({ ...spec, labels })).digest('hex');
}

function write(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const fields: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const text = write((value as Record<string, unknown>)[key]);
    if (text !== undefined) fields.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${fields.join(',')}}`;
}
