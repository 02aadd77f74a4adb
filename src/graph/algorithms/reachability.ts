/**
 * "Is there a path from a to b?" for many pairs of one graph, without a full
 * search per pair. The strongly connected components are numbered once in
 * Tarjan's order, where a component's number is higher than that of every
 * component it reaches: so a can reach b only if a's number is higher, and a
 * search from a never needs to enter a node numbered lower than b's. On unit
 * graphs, where every unit reaches the same early-boot units, that prunes
 * most of each search (bench/README.md, "Throughput").
 */
import type { DeployGraph, EdgeKind } from '../model.js';
import { indexed, Marks, type Indexed } from './adjacency.js';
import { tarjan } from './scc.js';

interface Numbered {
  adj: Indexed;
  /** Each node's component number; -1 for a node on no edge of these kinds. */
  component: Int32Array;
  marks: Marks;
}

export function reachability(graph: DeployGraph, kinds: readonly EdgeKind[]): (from: string, to: string) => boolean {
  // Numbered on the first question: a run may ask none.
  let numbered: Numbered | undefined;
  return (from, to) => {
    if (from === to) return true;
    const { adj, component, marks } = (numbered ??= number(graph, kinds));
    const a = adj.index.get(from);
    const b = adj.index.get(to);
    if (a === undefined || b === undefined) return false;
    const target = component[b]!;
    // A node on no edge of these kinds reaches nothing and nothing reaches it.
    if (target < 0 || component[a]! < target) return false;
    const { start, next } = adj;
    marks.clear();
    marks.mark(a);
    const stack = [a];
    while (stack.length) {
      const v = stack.pop()!;
      for (let k = start[v]!; k < start[v + 1]!; k++) {
        const w = next[k]!;
        if (w === b) return true;
        if (component[w]! < target || !marks.mark(w)) continue;
        stack.push(w);
      }
    }
    return false;
  };
}

/** Each node on an edge of `kinds`, numbered by its component in Tarjan's order: one numbering for the whole graph (numbers from separate searches would not be comparable). */
function number(graph: DeployGraph, kinds: readonly EdgeKind[]): Numbered {
  const adj = indexed(graph, kinds);
  const n = adj.ids.length;
  const onEdge = new Uint8Array(n);
  for (let v = 0; v < n; v++) {
    for (let k = adj.start[v]!; k < adj.start[v + 1]!; k++) onEdge[v] = onEdge[adj.next[k]!] = 1;
  }
  const roots: number[] = [];
  for (let v = 0; v < n; v++) if (onEdge[v]) roots.push(v);
  const component = new Int32Array(n).fill(-1);
  let c = 0;
  tarjan(adj, roots, undefined, (comp) => {
    for (const w of comp) component[w] = c;
    c++;
  });
  return { adj, component, marks: new Marks(n) };
}
