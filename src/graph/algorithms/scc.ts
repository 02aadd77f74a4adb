/**
 * Strongly connected components (Tarjan, iterative so a 5,000-unit chain does
 * not overflow the stack), restricted to a node subset and an edge kind.
 */
import type { DeployGraph, EdgeKind } from '../model.js';
import { indexed, type Indexed } from './adjacency.js';

/** The cycles: components of more than one node, or one node with an edge to itself; each sorted, sorted by first member. */
export function stronglyConnected(graph: DeployGraph, nodes: ReadonlySet<string>, kinds: readonly EdgeKind[]): string[][] {
  const adj = indexed(graph, kinds);
  // A node of `nodes` the graph does not have has no edge: a component of its own, never a cycle.
  const inside = new Uint8Array(adj.ids.length);
  const roots: number[] = [];
  for (const v of nodes) {
    const i = adj.index.get(v);
    if (i === undefined || inside[i]) continue;
    inside[i] = 1;
    roots.push(i);
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
export function tarjan(adj: Indexed, roots: Iterable<number>, inside: Uint8Array | undefined, emit: (component: number[]) => void): void {
  const { start, next } = adj;
  const n = adj.ids.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  // The search's own stack: a node and the position of the next neighbour to look at.
  const workNode = new Int32Array(n);
  const workAt = new Int32Array(n);
  let sp = 0;
  let wp = 0;
  let counter = 0;
  const visit = (v: number): void => {
    order[v] = low[v] = counter++;
    stack[sp++] = v;
    onStack[v] = 1;
    workNode[wp] = v;
    workAt[wp++] = start[v]!;
  };
  for (const root of roots) {
    if (order[root] !== -1) continue;
    visit(root);
    while (wp > 0) {
      const v = workNode[wp - 1]!;
      const at = workAt[wp - 1]!;
      if (at < start[v + 1]!) {
        workAt[wp - 1] = at + 1;
        const w = next[at]!;
        if (inside && !inside[w]) continue;
        if (order[w] === -1) visit(w);
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
