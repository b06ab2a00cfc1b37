/**
 * zod's issues for one block of Testbed's own keys -> errors at file:line:col, in words a user
 * can act on. The block was validated as a plain value; `base` is where it sits in the tree.
 */
import type { z } from 'zod';
import type { Path, PathSegment } from '../config/config-tree.js';
import type { Diagnostics } from './diagnostics.js';

export function reportZodIssues(diagnostics: Diagnostics, base: Path, issues: readonly z.core.$ZodIssue[]): void {
  for (const issue of issues) report(diagnostics, [...base, ...(issue.path as PathSegment[])], issue);
}

function report(diagnostics: Diagnostics, path: PathSegment[], issue: z.core.$ZodIssue): void {
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) diagnostics.keyError([...path, key], 'is not a known key here');
      return;
    case 'invalid_type':
      diagnostics.error(path, issue.input === undefined ? `is missing; expected ${typeWord(issue.expected)}` : `expected ${typeWord(issue.expected)}`);
      return;
    case 'invalid_union': {
      // The branch that got furthest into the value says best what is wrong.
      const deep = issue.errors.find((branch) => branch.some((i) => i.path.length > 0));
      if (deep) return deep.forEach((i) => report(diagnostics, [...path, ...(i.path as PathSegment[])], i));
      const expected = issue.errors.flat().flatMap((i) => (i.code === 'invalid_type' ? [typeWord(i.expected)] : []));
      diagnostics.error(path, expected.length ? `has the wrong type; expected ${[...new Set(expected)].join(' or ')}` : issue.message);
      return;
    }
    case 'invalid_value':
      diagnostics.error(path, `is not allowed; expected ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`);
      return;
    default:
      diagnostics.error(path, issue.message);
  }
}

function typeWord(expected: string): string {
  const words: Record<string, string> = {
    string: 'a string', number: 'a number', int: 'a whole number', boolean: 'a boolean', object: 'a mapping',
    record: 'a mapping', array: 'a list', null: 'nothing',
  };
  return words[expected] ?? expected;
}
