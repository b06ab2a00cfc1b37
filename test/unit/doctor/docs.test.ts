/** docs/doctor.md lists every check doctor has, by its id, under its factor's heading. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctorChecks, factorName } from '../../../src/api/doctor.js';

const DOC = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'doctor.md'), 'utf8');

describe('docs/doctor.md', () => {
  it('has a row for every check, in the section of its factor', () => {
    const sections = DOC.split('\n### ').slice(1);
    const missing = doctorChecks().filter((check) => {
      const section = sections.find((s) => s.startsWith(`${factorName(check.factor)}\n`));
      return !section?.includes(`| \`${check.id}\` |`);
    });
    expect(missing.map((c) => `${c.id} (${factorName(c.factor)})`)).toEqual([]);
  });

  it('names no check that does not exist', () => {
    const ids = new Set(doctorChecks().map((c) => c.id));
    const named = [...DOC.matchAll(/^\| `([a-z-]+\.[a-z-]+)` \|/gm)].map((m) => m[1]!);
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
    expect(named.length).toBe(ids.size);
  });
});
