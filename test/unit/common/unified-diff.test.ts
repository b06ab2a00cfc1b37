import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../src/common/unified-diff.js';

/** Applies a unified diff made by unifiedDiff to `a`, to check that it describes the change exactly. */
function apply(a: string, diff: string): string {
  const lines = a === '' ? [] : a.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let at = 0;
  const body = diff.split('\n').slice(2).filter((l) => l !== '');
  for (let i = 0; i < body.length; ) {
    const m = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(body[i]!)!;
    const start = Number(m[2]) === 0 ? Number(m[1]) : Number(m[1]) - 1;
    while (at < start) out.push(lines[at++]!);
    // The new side's start is where this hunk begins in the text made so far.
    expect(Number(m[4]) === 0 ? Number(m[3]) : Number(m[3]) - 1).toBe(out.length);
    i++;
    while (i < body.length && !body[i]!.startsWith('@@')) {
      const line = body[i++]!;
      if (line.startsWith(' ')) out.push(lines[at++]!);
      else if (line.startsWith('-')) at++;
      else out.push(line.slice(1));
    }
  }
  while (at < lines.length) out.push(lines[at++]!);
  return out.length ? out.join('\n') + '\n' : '';
}

describe('unified diff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', { from: 'x', to: 'y' })).toBe('');
  });

  it('shows a changed line with three lines of context, as diff -u does', () => {
    const a = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n';
    const b = 'one\ntwo\nthree\nFOUR\nfive\nsix\nseven\n';
    expect(unifiedDiff(a, b, { from: 'old/stdout', to: 'new/stdout' })).toBe(
      '--- old/stdout\n+++ new/stdout\n@@ -1,7 +1,7 @@\n one\n two\n three\n-four\n+FOUR\n five\n six\n seven\n',
    );
  });

  it('numbers a replaced first line from 1 on both sides', () => {
    expect(unifiedDiff('hello old\n', 'hello new\n', { from: 'a', to: 'b' })).toBe('--- a\n+++ b\n@@ -1,1 +1,1 @@\n-hello old\n+hello new\n');
  });

  it('splits distant changes into hunks', () => {
    const a = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const b = a.replace('line 2\n', 'line two\n').replace('line 25\n', '');
    const diff = unifiedDiff(a, b, { from: 'a', to: 'b' });
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('@@ -1,6 +1,6 @@');
    expect(diff).toContain('@@ -23,7 +23,6 @@');
  });

  it('describes every change exactly (random texts)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const words = ['a', 'b', 'c', 'd'];
      const text = () => Array.from({ length: Math.floor(random() * 12) }, () => words[Math.floor(random() * 4)]).map((w) => `${w}\n`).join('');
      const a = text();
      const b = text();
      const diff = unifiedDiff(a, b, { from: 'a', to: 'b' });
      expect(apply(a, diff || '--- a\n+++ b\n')).toBe(b);
    }
  });
});

describe('unified diff of huge, different outputs', () => {
  it('shows them replaced whole, quickly, still a diff that applies', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `old ${i}`).join('\n') + '\n';
    const b = Array.from({ length: 5000 }, (_, i) => `new ${i}`).join('\n') + '\n';
    const started = Date.now();
    const diff = unifiedDiff(a, b, { from: 'a', to: 'b' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(diff.split('\n').slice(0, 3)).toEqual(['--- a', '+++ b', '@@ -1,5000 +1,5000 @@']);
    expect(apply(a, diff)).toBe(b);
  });
});
