/**
 * Exit statuses tell one cause each: no two error codes share a status, and README's table lists
 * exactly the statuses the CLI uses, so what users read is what scripts get.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_BY_CODE } from '../../../src/cli/exit-codes.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

function readmeStatuses(): number[] {
  const section = README.split('## Errors and exit codes')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
}

describe('exit statuses', () => {
  it('no two causes share a status', () => {
    const byStatus = new Map<number, string[]>();
    for (const [code, status] of Object.entries(EXIT_BY_CODE)) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
    const shared = [...byStatus.entries()].filter(([, codes]) => codes.length > 1);
    expect(shared).toEqual([]);
  });

  it('no error code exits 0 or with the status kept for a bug', () => {
    const statuses = Object.values(EXIT_BY_CODE);
    expect(statuses).not.toContain(EXIT.ok);
    expect(statuses).not.toContain(EXIT.internal);
  });

  it("README's table lists every status the CLI uses, and no other", () => {
    const used = [...new Set(Object.values(EXIT))].sort((a, b) => a - b);
    expect(readmeStatuses().sort((a, b) => a - b)).toEqual(used);
  });
});
