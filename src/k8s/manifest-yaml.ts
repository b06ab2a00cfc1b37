/**
 * Objects as YAML, deterministically: apiVersion, kind and metadata first, `name` first in
 * every mapping, other keys sorted; one document per object. Printing withholds secret values
 * unless asked.
 */
import { stringify } from 'yaml';
import { K8S_ANNOTATION } from './k8s-labels.js';
import type { PlainObject } from './kube-object.js';

const FIRST = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => {
    const ia = FIRST.indexOf(a);
    const ib = FIRST.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? FIRST.length : ia) - (ib < 0 ? FIRST.length : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return Object.fromEntries(entries.map(([k, v]) => [k, ordered(v)]));
}

export function objectYaml(object: PlainObject): string {
  return stringify(ordered(object), { lineWidth: 0, aliasDuplicateObjects: false });
}

export function manifestYaml(objects: PlainObject[]): string {
  return objects.map((o) => `---\n${objectYaml(o)}`).join('');
}

/** The objects with every Secret value blanked, and marked so: for printing. */
export function withholdSecretValues(objects: PlainObject[]): { objects: PlainObject[]; withheld: string[] } {
  const withheld: string[] = [];
  const out = objects.map((o) => {
    if (o.kind !== 'Secret') return o;
    withheld.push(o.metadata.name);
    const blank = (data: unknown) => (data ? Object.fromEntries(Object.keys(data as object).map((k) => [k, ''])) : undefined);
    const copy: PlainObject = { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [K8S_ANNOTATION.withheld]: 'true' } } };
    if (o.data) copy.data = blank(o.data);
    if (o.stringData) copy.stringData = blank(o.stringData);
    return copy;
  });
  return { objects: out, withheld };
}
