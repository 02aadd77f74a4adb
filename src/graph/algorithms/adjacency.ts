/**
 * Neighbour lists per set of edge kinds, built once per graph and kept until
 * the graph gains a node or an edge. The searches (BFS, SCC, closures) ask
 * for a node's neighbours thousands of times; going through
 * DeployGraph.outEdges() each time builds, labels and sorts a fresh edge list,
 * which made the path searches quadratic in allocations on large unit sets.
 *
 * The lists are kept as numbers: nodes numbered in id order, each node's
 * neighbours a range of one Int32Array. The whole-graph algorithms (SCC,
 * closures, reachability) run on those numbers with typed arrays for their
 * marks instead of string-keyed maps and sets (bench/README.md,
 * "Throughput"); callers that want ids get each node's list made once, on
 * first use.
 */
import type { DeployGraph, EdgeKind } from '../model.js';

/** The graph's nodes numbered in id order (so comparing numbers compares ids), with one direction of its edges over some kinds. */
export interface Indexed {
  /** Number → node id, sorted. */
  readonly ids: readonly string[];
  /** Node id → number. */
  readonly index: ReadonlyMap<string, number>;
  /** Node i's neighbours are `next[start[i]]` up to `next[start[i + 1]]`, each once, in id order. */
  readonly start: Int32Array;
  readonly next: Int32Array;
}

interface Numbering {
  ids: string[];
  index: Map<string, number>;
  /** Edge k of graph.unsortedEdges() runs from node from[k] to node to[k]: looked up once, not once per set of kinds. */
  from: Int32Array;
  to: Int32Array;
  /** Edge k's kind as a bit (`1 << code`): a set of kinds is a mask, not a Set asked once per edge per list. */
  kindBit: Int32Array;
  kindCodes: Map<EdgeKind, number>;
}

interface Lists extends Indexed {
  /** The neighbours of node i as ids, made on first use. */
  named: (readonly string[] | undefined)[];
}

interface Entry {
  nodes: number;
  edges: number;
  numbering?: Numbering;
  lists: Map<string, Lists>;
}

const cache = new WeakMap<DeployGraph, Entry>();
const NONE: readonly string[] = [];

function entryOf(graph: DeployGraph): Entry {
  // Asked for once per search, thousands of times a run: no strings built or sorted on the way.
  const nodes = graph.nodeCount();
  const edges = graph.unsortedEdges().length;
  let entry = cache.get(graph);
  if (!entry || entry.nodes !== nodes || entry.edges !== edges) cache.set(graph, (entry = { nodes, edges, lists: new Map() }));
  return entry;
}

function numbering(graph: DeployGraph, entry: Entry): Numbering {
  if (!entry.numbering) {
    const ids = [...graph.nodeIds()].sort();
    const index = new Map<string, number>();
    for (let i = 0; i < ids.length; i++) index.set(ids[i]!, i);
    const edges = graph.unsortedEdges();
    const from = new Int32Array(edges.length);
    const to = new Int32Array(edges.length);
    const kindBit = new Int32Array(edges.length);
    const kindCodes = new Map<EdgeKind, number>();
    edges.forEach((e, k) => {
      from[k] = index.get(e.from)!;
      to[k] = index.get(e.to)!;
      let code = kindCodes.get(e.kind);
      // EdgeKind has fewer than 32 members: each gets a bit of its own.
      if (code === undefined) kindCodes.set(e.kind, (code = kindCodes.size));
      kindBit[k] = 1 << code;
    });
    entry.numbering = { ids, index, from, to, kindBit, kindCodes };
  }
  return entry.numbering;
}

function build({ ids, index, from, to, kindBit, kindCodes }: Numbering, kinds: readonly EdgeKind[], direction: 'out' | 'in'): Lists {
  let wanted = 0;
  for (const kind of kinds) {
    const code = kindCodes.get(kind);
    if (code !== undefined) wanted |= 1 << code;
  }
  const n = ids.length;
  const edges = kindBit.length;
  // Counting sort by node, then each node's range sorted as numbers (id order) with repeats (another kind) dropped:
  // no string comparisons, and the graph's own edge lists stay unsorted until someone reads them.
  const ends = new Int32Array(edges * 2);
  let m = 0;
  // Pairs (node, neighbour): for `in`, an edge's head is the node and its tail the neighbour.
  const [node, neighbour] = direction === 'out' ? [from, to] : [to, from];
  for (let k = 0; k < edges; k++) {
    if ((kindBit[k]! & wanted) === 0) continue;
    ends[m++] = node[k]!;
    ends[m++] = neighbour[k]!;
  }
  const start = new Int32Array(n + 1);
  for (let k = 0; k < m; k += 2) start[ends[k]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const next = new Int32Array(m / 2);
  const fill = start.slice(0, n);
  for (let k = 0; k < m; k += 2) next[fill[ends[k]!]!++] = ends[k + 1]!;
  let out = 0;
  for (let v = 0; v < n; v++) {
    const a = start[v]!;
    const b = start[v + 1]!;
    start[v] = out;
    if (b - a > 1) next.subarray(a, b).sort();
    for (let k = a; k < b; k++) if (k === a || next[k] !== next[k - 1]) next[out++] = next[k]!;
  }
  start[n] = out;
  return { ids, index, start, next: next.subarray(0, out), named: new Array(n) };
}

function lists(graph: DeployGraph, kinds: readonly EdgeKind[], direction: 'out' | 'in'): Lists {
  const entry = entryOf(graph);
  const key = kinds.length === 1 ? direction + kinds[0] : direction + kinds.join(',');
  let l = entry.lists.get(key);
  if (!l) entry.lists.set(key, (l = build(numbering(graph, entry), kinds, direction)));
  return l;
}

/** The graph numbered, with its edges of `kinds` from each node (out) or to it (in). */
export function indexed(graph: DeployGraph, kinds: readonly EdgeKind[], direction: 'out' | 'in' = 'out'): Indexed {
  return lists(graph, kinds, direction);
}

function named(l: Lists): (v: string) => readonly string[] {
  return (v) => {
    const i = l.index.get(v);
    if (i === undefined) return NONE;
    let out = l.named[i];
    if (!out) {
      const a = l.start[i]!;
      const b = l.start[i + 1]!;
      if (a === b) out = NONE;
      else {
        const list: string[] = new Array(b - a);
        for (let k = a; k < b; k++) list[k - a] = l.ids[l.next[k]!]!;
        out = list;
      }
      l.named[i] = out;
    }
    return out;
  };
}

/** `v`'s successors over `kinds`, each once, in sorted order (the order outEdges() visits them). */
export function successors(graph: DeployGraph, kinds: readonly EdgeKind[]): (v: string) => readonly string[] {
  return named(lists(graph, kinds, 'out'));
}

/** `v`'s predecessors over `kinds`, each once, in sorted order. */
export function predecessors(graph: DeployGraph, kinds: readonly EdgeKind[]): (v: string) => readonly string[] {
  return named(lists(graph, kinds, 'in'));
}

/**
 * Marks for searches over numbered nodes: `mark(i)` is true once per search,
 * the first time node i is met. A new search is a new stamp, not a cleared
 * array, so many small searches of one big graph cost what they visit.
 */
export class Marks {
  private readonly at: Int32Array;
  // The array starts at 0: stamp 0 would mean "all marked".
  private stamp = 1;
  constructor(size: number) {
    this.at = new Int32Array(size);
  }
  /** Starts a new search: nothing is marked. */
  clear(): void {
    this.stamp++;
  }
  /** Marks node i; false if it was marked already in this search. */
  mark(i: number): boolean {
    if (this.at[i] === this.stamp) return false;
    this.at[i] = this.stamp;
    return true;
  }
  has(i: number): boolean {
    return this.at[i] === this.stamp;
  }
}

/**
 * Working arrays for searches over one numbered graph, made once and reused:
 * a rule runs a closure and a component search per unit that starts a cycle,
 * and arrays the size of the graph made per search would make that quadratic.
 * Every field is valid only for the nodes the current search has marked; no
 * search runs inside another on the same graph.
 */
export interface Scratch {
  /** Closures: the nodes reached. */
  reached: Marks;
  /** Components: the nodes of the set searched, and those numbered so far (with their number and low link). */
  inside: Marks;
  numbered: Marks;
  order: Int32Array;
  low: Int32Array;
  /** All 0 between searches (a search pops every node it pushes). */
  onStack: Uint8Array;
  stack: Int32Array;
  workNode: Int32Array;
  workAt: Int32Array;
}

const scratches = new WeakMap<Indexed, Scratch>();

export function scratchOf(adj: Indexed): Scratch {
  let s = scratches.get(adj);
  if (!s) {
    const n = adj.ids.length;
    s = {
      reached: new Marks(n),
      inside: new Marks(n),
      numbered: new Marks(n),
      order: new Int32Array(n),
      low: new Int32Array(n),
      onStack: new Uint8Array(n),
      stack: new Int32Array(n),
      workNode: new Int32Array(n),
      workAt: new Int32Array(n),
    };
    scratches.set(adj, s);
  }
  return s;
}
