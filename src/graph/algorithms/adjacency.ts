/**
 * Sorted neighbour lists per set of edge kinds, built once per graph and kept
 * until the graph gains a node or an edge. The searches (BFS, SCC, closures)
 * ask for a node's neighbours thousands of times; going through
 * DeployGraph.outEdges() each time builds, labels and sorts a fresh edge list,
 * which made the path searches quadratic in allocations on large unit sets.
 */
import type { DeployGraph, EdgeKind } from '../model.js';

type Lists = Map<string, readonly string[]>;
interface Entry {
  nodes: number;
  edges: number;
  lists: Map<string, Lists>;
}

const cache = new WeakMap<DeployGraph, Entry>();
const NONE: readonly string[] = [];

function build(graph: DeployGraph, kinds: readonly EdgeKind[], direction: 'out' | 'in'): Lists {
  const wanted = new Set<string>(kinds);
  const out: Lists = new Map();
  // Each node's edges come sorted by the other end: its neighbours are in order already, a repeat (another kind) is next to the first.
  for (const [v, edges] of graph.sortedEdgeLists(direction)) {
    let list: string[] | undefined;
    for (const e of edges) {
      if (!wanted.has(e.kind)) continue;
      const w = direction === 'out' ? e.to : e.from;
      if (list === undefined) list = [w];
      else if (list[list.length - 1] !== w) list.push(w);
    }
    if (list) out.set(v, list);
  }
  return out;
}

function lists(graph: DeployGraph, kinds: readonly EdgeKind[], direction: 'out' | 'in'): Lists {
  // Asked for once per search, thousands of times a run: no strings built or sorted on the way.
  const nodes = graph.nodeCount();
  const edges = graph.unsortedEdges().length;
  let entry = cache.get(graph);
  if (!entry || entry.nodes !== nodes || entry.edges !== edges) cache.set(graph, (entry = { nodes, edges, lists: new Map() }));
  const key = kinds.length === 1 ? direction + kinds[0] : direction + kinds.join(',');
  let l = entry.lists.get(key);
  if (!l) entry.lists.set(key, (l = build(graph, kinds, direction)));
  return l;
}

/** `v`'s successors over `kinds`, each once, in sorted order (the order outEdges() visits them). */
export function successors(graph: DeployGraph, kinds: readonly EdgeKind[]): (v: string) => readonly string[] {
  const l = lists(graph, kinds, 'out');
  return (v) => l.get(v) ?? NONE;
}

/** `v`'s predecessors over `kinds`, each once, in sorted order. */
export function predecessors(graph: DeployGraph, kinds: readonly EdgeKind[]): (v: string) => readonly string[] {
  const l = lists(graph, kinds, 'in');
  return (v) => l.get(v) ?? NONE;
}
