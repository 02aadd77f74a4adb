/**
 * Shortest paths and cycles by breadth-first search. Neighbours are visited in
 * sorted order, so among paths of equal length the same one always wins.
 */
import type { DeployGraph, EdgeKind } from '../model.js';
import { successors } from './adjacency.js';

/** Shortest path from `from` to `to` over `kinds`, within `allowed` if given; node ids including both ends. */
export function shortestPath(
  graph: DeployGraph,
  from: string,
  to: string,
  kinds: readonly EdgeKind[],
  allowed?: ReadonlySet<string>,
): string[] | null {
  if (from === to) return [from];
  const prev = search(graph, from, kinds, allowed, to);
  return prev.has(to) ? unwind(prev, from, to) : null;
}

/**
 * One breadth-first search from `from` over `kinds` for many destinations:
 * `pathTo(to)` is exactly what shortestPath(graph, from, to, kinds) returns
 * (both come from the same search, which sets the predecessors on the way to
 * `to` before it reaches `to`), at the cost of one search for all.
 */
export function shortestPathsFrom(graph: DeployGraph, from: string, kinds: readonly EdgeKind[]): (to: string) => string[] | null {
  const prev = search(graph, from, kinds);
  return (to) => (to === from ? [from] : prev.has(to) ? unwind(prev, from, to) : null);
}

/** Breadth-first predecessors from `from` (within `allowed`), stopping as soon as `stop` is reached. */
function search(graph: DeployGraph, from: string, kinds: readonly EdgeKind[], allowed?: ReadonlySet<string>, stop?: string): Map<string, string> {
  const succ = successors(graph, kinds);
  const prev = new Map<string, string>([[from, from]]);
  let frontier = [from];
  while (frontier.length) {
    const next: string[] = [];
    for (const v of frontier) {
      for (const w of succ(v)) {
        if (prev.has(w) || (allowed && !allowed.has(w))) continue;
        prev.set(w, v);
        if (w === stop) return prev;
        next.push(w);
      }
    }
    frontier = next;
  }
  return prev;
}

function unwind(prev: Map<string, string>, from: string, to: string): string[] {
  const path = [to];
  let cur = to;
  while (cur !== from) {
    cur = prev.get(cur)!;
    path.push(cur);
  }
  return path.reverse();
}

/**
 * The shortest cycle inside a strongly connected component, rotated to start at
 * its smallest node; ties go to the lexicographically smallest node sequence.
 * Returns the nodes without repeating the first at the end.
 */
export function shortestCycle(graph: DeployGraph, component: readonly string[], kind: EdgeKind): string[] {
  const members = new Set(component);
  let best: string[] | null = null;
  for (const start of [...component].sort()) {
    if (graph.edge(start, start, kind)) return [start];
    for (const w of successors(graph, [kind])(start)) {
      if (!members.has(w)) continue;
      const back = shortestPath(graph, w, start, [kind], members);
      if (!back) continue;
      const cycle = rotate([start, ...back.slice(0, -1)]);
      if (!best || cycle.length < best.length || (cycle.length === best.length && lexLess(cycle, best))) best = cycle;
    }
  }
  return best ?? [...component];
}

function rotate(cycle: string[]): string[] {
  let min = 0;
  for (let i = 1; i < cycle.length; i++) if (cycle[i]! < cycle[min]!) min = i;
  return [...cycle.slice(min), ...cycle.slice(0, min)];
}

function lexLess(a: string[], b: string[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]!;
  }
  return a.length < b.length;
}
