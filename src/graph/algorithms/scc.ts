/**
 * Strongly connected components (Tarjan, iterative so a 5,000-unit chain does
 * not overflow the stack), restricted to a node subset and an edge kind.
 */
import type { DeployGraph, EdgeKind } from '../model.js';
import { indexed, scratchOf, type Indexed, type Marks } from './adjacency.js';

/** The cycles: components of more than one node, or one node with an edge to itself; each sorted, sorted by first member. */
export function stronglyConnected(graph: DeployGraph, nodes: ReadonlySet<string>, kinds: readonly EdgeKind[]): string[][] {
  const adj = indexed(graph, kinds);
  // A node of `nodes` the graph does not have has no edge: a component of its own, never a cycle.
  const inside = scratchOf(adj).inside;
  inside.clear();
  const roots: number[] = [];
  for (const v of nodes) {
    const i = adj.index.get(v);
    if (i !== undefined && inside.mark(i)) roots.push(i);
  }
  const out: string[][] = [];
  // Numbers are in id order: sorting them sorts the ids.
  tarjan(adj, roots.sort(byNumber), inside, (comp) => {
    const selfLoop = comp.length === 1 && graph.edge(adj.ids[comp[0]!]!, adj.ids[comp[0]!]!, kinds[0]!) !== undefined;
    if (comp.length > 1 || selfLoop) out.push(comp.sort(byNumber).map((i) => adj.ids[i]!));
  });
  return out.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}

function byNumber(a: number, b: number): number {
  return a - b;
}

/**
 * Tarjan's algorithm from each root in turn, over the nodes `inside` marks
 * (all of them without it): `emit` gets every component of the nodes reached,
 * in reverse topological order (a component comes after every component it
 * reaches).
 */
export function tarjan(adj: Indexed, roots: Iterable<number>, inside: Marks | undefined, emit: (component: number[]) => void): void {
  const { start, next } = adj;
  // Reused arrays (adjacency.ts, Scratch): what a search costs is what it visits, not the graph's size.
  // workNode/workAt are the search's own stack: a node and the position of the next neighbour to look at.
  const { numbered, order, low, onStack, stack, workNode, workAt } = scratchOf(adj);
  numbered.clear();
  let sp = 0;
  let wp = 0;
  let counter = 0;
  const visit = (v: number): void => {
    numbered.mark(v);
    order[v] = low[v] = counter++;
    stack[sp++] = v;
    onStack[v] = 1;
    workNode[wp] = v;
    workAt[wp++] = start[v]!;
  };
  for (const root of roots) {
    if (numbered.has(root)) continue;
    visit(root);
    while (wp > 0) {
      const v = workNode[wp - 1]!;
      const at = workAt[wp - 1]!;
      if (at < start[v + 1]!) {
        workAt[wp - 1] = at + 1;
        const w = next[at]!;
        if (inside && !inside.has(w)) continue;
        if (!numbered.has(w)) visit(w);
        else if (onStack[w] && order[w]! < low[v]!) low[v] = order[w]!;
        continue;
      }
      wp--;
      if (wp > 0) {
        const parent = workNode[wp - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] === order[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        emit(comp);
      }
    }
  }
}
