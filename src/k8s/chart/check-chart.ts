/**
 * The chart's structural check: Chart.yaml and values.yaml are there and read as YAML, and every
 * template renders (with Testbed's Helm subset, see helm-subset.ts) to objects that match the
 * Kubernetes schema, with the default values and whatever values are given.
 */
import { parse, parseAllDocuments } from 'yaml';
import type { ConfigIssue } from '../../common/errors.js';
import { typedObject } from '../kube-kinds.js';
import type { KubeObject } from '../kube-object.js';
import { schemaIssues } from '../validate.js';
import { mergeValues } from '../cluster-templates.js';
import { renderHelmSubset } from './helm-subset.js';

export interface ChartCheck {
  objects: KubeObject[];
  issues: ConfigIssue[];
}

export function checkChart(files: Record<string, string>, values: Record<string, unknown> = {}, namespace = 'chart-check'): ChartCheck {
  const issues: ConfigIssue[] = [];
  const objects: KubeObject[] = [];
  const chart = files['Chart.yaml'] === undefined ? undefined : (parse(files['Chart.yaml']) as Record<string, unknown> | null);
  if (!chart) issues.push({ message: 'Chart.yaml is missing' });
  else for (const key of ['apiVersion', 'name', 'version']) if (!chart[key]) issues.push({ message: `Chart.yaml has no ${key}` });
  if (files['values.yaml'] === undefined) issues.push({ message: 'values.yaml is missing' });
  const defaults = (parse(files['values.yaml'] ?? '') ?? {}) as Record<string, unknown>;
  const scope = { Values: mergeValues(defaults, values), Release: { Name: 'testbed-check', Namespace: namespace } };

  for (const [path, template] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    if (!path.startsWith('templates/') || !/\.ya?ml$/.test(path)) continue;
    let rendered: string;
    try {
      rendered = renderHelmSubset(template, scope);
    } catch (err) {
      issues.push({ message: `${path}: ${(err as Error).message}` });
      continue;
    }
    for (const doc of parseAllDocuments(rendered)) {
      if (doc.errors.length > 0) {
        issues.push({ message: `${path}: the rendered template is not YAML: ${doc.errors[0]!.message}` });
        continue;
      }
      const value = doc.toJSON() as { apiVersion: string; kind: string } | null;
      if (!value) continue;
      try {
        objects.push(typedObject(value));
      } catch (err) {
        issues.push({ message: `${path}: ${(err as Error).message}` });
      }
    }
  }
  issues.push(...schemaIssues(objects));
  return { objects, issues };
}
