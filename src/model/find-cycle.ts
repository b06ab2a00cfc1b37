/**
 * The first cycle in a graph of named nodes, found by one depth-first walk with an explicit
 * stack: linear in nodes and edges, and a chain of any length cannot overflow the call stack.
 */

/** A loop as a path that ends where it starts (`[a, b, a]`), or undefined when there is none. */
export function findCycle(starts: Iterable<string>, edges: (node: string) => readonly string[]): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of starts) {
    if (state.has(start)) continue;
    const path = [start];
    const pending = [edges(start)[Symbol.iterator]()];
    state.set(start, 'open');
    while (path.length > 0) {
      const next = pending[pending.length - 1]!.next();
      if (next.done) {
        state.set(path.pop()!, 'done');
        pending.pop();
        continue;
      }
      const node = next.value;
      const seen = state.get(node);
      if (seen === 'open') return [...path.slice(path.indexOf(node)), node];
      if (seen === 'done') continue;
      state.set(node, 'open');
      path.push(node);
      pending.push(edges(node)[Symbol.iterator]());
    }
  }
  return undefined;
}
