/** Hostile inputs shared by the tests that feed them to the loader. */

/** Nine anchors, each a list of ten aliases of the one before: 10^9 values from 600 bytes. */
export function aliasBomb(indent = ''): string {
  const lines = [`${indent}l0: &l0 [a, a, a, a, a, a, a, a, a, a]`];
  for (let i = 1; i <= 8; i++) lines.push(`${indent}l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** `${A:-${A:-...x...}}`, `levels` deep. */
export function nestedDefault(levels: number): string {
  return `${'${A:-'.repeat(levels)}x${'}'.repeat(levels)}`;
}
