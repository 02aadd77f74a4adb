/**
 * Strongly connected components (Tarjan, iterative so a 5,000-unit chain does
 * not overflow the stack), restricted to a node subset and an edge kind.
 */
import type { DeployGraph, EdgeKind } from '../model.js';
import { successors } from './adjacency.js';

/** The cycles: components of more than one node, or one node with an edge to itself; each sorted, sorted by first member. */
export function stronglyConnected(graph: DeployGraph, nodes: ReadonlySet<string>, kinds: readonly EdgeKind[]): string[][] {
  const next = successors(graph, kinds);
  const out: string[][] = [];
  // Most lists lie wholly inside `nodes` (the whole unit set): those are used as they are, not copied.
  const inside = (v: string): readonly string[] => {
    const list = next(v);
    for (const w of list) if (!nodes.has(w)) return list.filter((x) => nodes.has(x));
    return list;
  };
  tarjan([...nodes].sort(), inside, (comp) => {
    const selfLoop = comp.length === 1 && graph.edge(comp[0]!, comp[0]!, kinds[0]!) !== undefined;
    if (comp.length > 1 || selfLoop) out.push(comp.sort());
  });
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}

/**
 * Tarjan's algorithm from each root in turn: `emit` gets every component of
 * the nodes reached, in reverse topological order (a component comes after
 * every component it reaches).
 */
export function tarjan(roots: Iterable<string>, succ: (v: string) => readonly string[], emit: (component: string[]) => void): void {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  for (const root of roots) {
    if (index.has(root)) continue;
    const work: { v: string; next: readonly string[]; i: number }[] = [];
    const visit = (v: string): void => {
      index.set(v, counter);
      low.set(v, counter);
      counter++;
      stack.push(v);
      onStack.add(v);
      work.push({ v, next: succ(v), i: 0 });
    };
    visit(root);
    while (work.length) {
      const top = work[work.length - 1]!;
      if (top.i < top.next.length) {
        const w = top.next[top.i++]!;
        if (!index.has(w)) visit(w);
        else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.v, Math.min(low.get(parent.v)!, low.get(top.v)!));
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        emit(comp);
      }
    }
  }
}
