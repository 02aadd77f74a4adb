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
import { successors } from './adjacency.js';
import { tarjan } from './scc.js';

export function reachability(graph: DeployGraph, kinds: readonly EdgeKind[]): (from: string, to: string) => boolean {
  // Numbered on the first question: a run may ask none.
  let numbered: { succ: (v: string) => readonly string[]; order: Map<string, number> } | undefined;
  return (from, to) => {
    if (from === to) return true;
    const { succ, order } = (numbered ??= number(graph, kinds));
    const target = order.get(to);
    const start = order.get(from);
    // A node on no edge of these kinds reaches nothing and nothing reaches it.
    if (target === undefined || start === undefined || start < target) return false;
    const seen = new Set<string>([from]);
    const stack = [from];
    while (stack.length) {
      for (const w of succ(stack.pop()!)) {
        if (w === to) return true;
        if (seen.has(w) || order.get(w)! < target) continue;
        seen.add(w);
        stack.push(w);
      }
    }
    return false;
  };
}

/** Each node on an edge of `kinds`, numbered by its component in Tarjan's order: one numbering for the whole graph (numbers from separate searches would not be comparable). */
function number(graph: DeployGraph, kinds: readonly EdgeKind[]): { succ: (v: string) => readonly string[]; order: Map<string, number> } {
  const succ = successors(graph, kinds);
  const wanted = new Set<string>(kinds);
  const ends = new Set<string>();
  for (const e of graph.unsortedEdges()) {
    if (!wanted.has(e.kind)) continue;
    ends.add(e.from);
    ends.add(e.to);
  }
  const order = new Map<string, number>();
  let n = 0;
  tarjan([...ends].sort(), succ, (comp) => {
    for (const w of comp) order.set(w, n);
    n++;
  });
  return { succ, order };
}
