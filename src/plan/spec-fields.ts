/** Small field helpers shared by the spec builders of plan/ (container, resource and build specs). */
import type { Labels } from './specs.js';

/** Leaves a field out instead of writing `undefined`, so specs print and compare cleanly. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function sortedLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.keys(labels).sort().map((key) => [key, labels[key]!]));
}
