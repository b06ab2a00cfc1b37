/**
 * Applies interpolation to every string value of a parsed file (never to keys),
 * turning failures into issues at the position of the value that failed.
 */
import type { ConfigIssue } from '../common/errors.js';
import { formatPath, type ConfigNode, type PathSegment } from './config-tree.js';
import { interpolate, InterpolationError, type VariableLookup } from './interpolate.js';

export interface InterpolatedTree {
  root: ConfigNode;
  issues: ConfigIssue[];
  /** One per unset variable: Compose's "variable is not set, defaulting to a blank string". */
  warnings: ConfigIssue[];
}

export function interpolateTree(root: ConfigNode, lookup: VariableLookup): InterpolatedTree {
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const warned = new Set<string>();
  // Alias targets are shared nodes: interpolate each once.
  const done = new Map<ConfigNode, ConfigNode>();

  const visit = (node: ConfigNode, path: PathSegment[]): ConfigNode => {
    const known = done.get(node);
    if (known) return known;
    let result: ConfigNode = node;
    if (node.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('$')) {
      try {
        const { value, unset } = interpolate(node.value, lookup);
        for (const name of unset.filter((n) => !warned.has(n))) {
          warned.add(name);
          warnings.push({
            message: `the "${name}" variable is not set; defaulting to a blank string`,
            position: node.position,
            path: formatPath(path),
          });
        }
        result = { ...node, value };
      } catch (err) {
        if (!(err instanceof InterpolationError)) throw err;
        issues.push({ message: `${formatPath(path)}: ${err.message}`, position: node.position, path: formatPath(path) });
      }
    } else if (node.kind === 'sequence') {
      result = { ...node, items: node.items.map((item, i) => visit(item, [...path, i])) };
    } else if (node.kind === 'mapping') {
      const entries = new Map([...node.entries].map(([key, entry]) => [key, { ...entry, value: visit(entry.value, [...path, key]) }]));
      result = { ...node, entries };
    }
    done.set(node, result);
    return result;
  };

  return { root: visit(root, []), issues, warnings };
}
