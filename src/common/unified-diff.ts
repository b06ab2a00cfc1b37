/**
 * A unified diff of two texts, line by line, with three lines of context, as `diff -u` prints it
 * (jsdiff). Past MAX_EDITS changed lines the texts are shown as replaced whole, so a huge output
 * never takes long or much memory.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY, formatPatch } from 'diff';

const CONTEXT = 3;
/** Past this many lines added or removed, the texts are shown as replaced whole. */
const MAX_EDITS = 1000;

/** '' when the texts are equal. */
export function unifiedDiff(a: string, b: string, labels: { from: string; to: string }): string {
  if (a === b) return '';
  const options = { context: CONTEXT, maxEditLength: MAX_EDITS, headerOptions: FILE_HEADERS_ONLY };
  return createTwoFilesPatch(labels.from, labels.to, a, b, undefined, undefined, options) ?? replacedWhole(a, b, labels);
}

function replacedWhole(a: string, b: string, labels: { from: string; to: string }): string {
  const lines = (text: string, mark: '-' | '+') => {
    if (text === '') return [];
    const out = text.replace(/\n$/, '').split('\n').map((line) => mark + line);
    return text.endsWith('\n') ? out : [...out, '\\ No newline at end of file'];
  };
  const removed = lines(a, '-');
  const added = lines(b, '+');
  const count = (l: string[]) => l.filter((line) => !line.startsWith('\\')).length;
  const hunk = { oldStart: count(removed) ? 1 : 0, oldLines: count(removed), newStart: count(added) ? 1 : 0, newLines: count(added), lines: [...removed, ...added] };
  return formatPatch({ oldFileName: labels.from, newFileName: labels.to, oldHeader: undefined, newHeader: undefined, hunks: [hunk] }, FILE_HEADERS_ONLY);
}
