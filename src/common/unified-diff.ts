/**
 * A unified diff of two texts, line by line, with context, as `diff -u` prints it. Common
 * lines at both ends are skipped first; the middle is compared exactly when it is small enough
 * and otherwise shown as replaced whole, so a huge output never takes long or much memory.
 */

const CONTEXT = 3;
/** Past this many line pairs, the middle is shown as replaced whole. */
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

/** '' when the texts are equal. */
export function unifiedDiff(a: string, b: string, labels: { from: string; to: string }): string {
  if (a === b) return '';
  const ops = diffLines(splitLines(a), splitLines(b));
  const hunks = toHunks(ops);
  return [`--- ${labels.from}`, `+++ ${labels.to}`, ...hunks].join('\n') + '\n';
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += '\n\\ No newline at end of file';
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: ' ', line: a[i]!, a: i, b: i });
  ops.push(...middle(a, b, start, endA, endB));
  for (let i = 0; i < a.length - endA; i++) ops.push({ kind: ' ', line: a[endA + i]!, a: endA + i, b: endB + i });
  return renumber(ops);
}

/** Each op's line in a and in b, counted from the ops themselves (changes were reordered). */
function renumber(ops: Op[]): Op[] {
  let a = 0;
  let b = 0;
  return ops.map((op) => {
    const numbered = { ...op, a, b };
    if (op.kind !== '+') a++;
    if (op.kind !== '-') b++;
    return numbered;
  });
}

/** Longest common subsequence of a[start..endA) and b[start..endB). */
function middle(a: string[], b: string[], start: number, endA: number, endB: number): Op[] {
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS || n === 0 || m === 0) {
    return [
      ...a.slice(start, endA).map((line, i): Op => ({ kind: '-', line, a: start + i, b: start })),
      ...b.slice(start, endB).map((line, j): Op => ({ kind: '+', line, a: endA, b: start + j })),
    ];
  }
  // lcs[i][j]: length of the LCS of a[start+i..endA) and b[start+j..endB)
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[start + i] === b[start + j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      ops.push({ kind: ' ', line: a[start + i]!, a: start + i, b: start + j });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i * width + j + 1]! >= lcs[(i + 1) * width + j]!)) {
      ops.push({ kind: '+', line: b[start + j]!, a: start + i, b: start + j });
      j++;
    } else {
      ops.push({ kind: '-', line: a[start + i]!, a: start + i, b: start + j });
      i++;
    }
  }
  // Removals before additions within a change, as diff -u shows them.
  return reorderChanges(ops);
}

function reorderChanges(ops: Op[]): Op[] {
  const out: Op[] = [];
  let removed: Op[] = [];
  let added: Op[] = [];
  const flush = () => {
    out.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.kind === ' ') {
      flush();
      out.push(op);
    } else (op.kind === '-' ? removed : added).push(op);
  }
  flush();
  return out;
}

function toHunks(ops: Op[]): string[] {
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  const out: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const first = changed[k]!;
    let last = first;
    while (k + 1 < changed.length && changed[k + 1]! - last <= 2 * CONTEXT + 1) last = changed[++k]!;
    k++;
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(ops.length - 1, last + CONTEXT);
    const slice = ops.slice(from, to + 1);
    const aLines = slice.filter((op) => op.kind !== '+').length;
    const bLines = slice.filter((op) => op.kind !== '-').length;
    const aStart = slice[0]!.a + (aLines ? 1 : 0);
    const bStart = slice[0]!.b + (bLines ? 1 : 0);
    out.push(`@@ -${aStart},${aLines} +${bStart},${bLines} @@`);
    for (const op of slice) out.push(`${op.kind}${op.line}`);
  }
  return out;
}
