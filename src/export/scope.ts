/**
 * What a drawing shows. The full graph holds every stock systemd unit (a
 * hundred nodes of boot plumbing), so by default a drawing shows the
 * repository's own nodes, their direct neighbours and every node on a
 * finding's path; `--focus NODE --depth N` shows the neighbourhood of one node
 * instead; `--all` everything.
 */
import type { DeployGraph, Edge } from '../graph/model.js';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { nodeSource } from './dump.js';

export interface ScopeOptions {
  focus?: string;
  depth?: number;
  all?: boolean;
}

/** Findings' paths as graph elements: which nodes and edges to highlight, at which severity. */
export interface Highlight {
  nodes: Map<string, Severity>;
  /** Keyed by edgeKey(). */
  edges: Map<string, Severity>;
}

export function edgeKey(e: Pick<Edge, 'from' | 'to' | 'kind'>): string {
  return `${e.from}\0${e.to}\0${e.kind}`;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function mark<K>(m: Map<K, Severity>, k: K, s: Severity): void {
  const cur = m.get(k);
  if (!cur || RANK[s] < RANK[cur]) m.set(k, s);
}

/**
 * Maps each finding's path onto edges. A step names its node and the edge kind
 * towards the next step's node (the last step leads back to the first, which
 * closes cycles and deadlock loops). Some steps read an edge backwards ("E is
 * served by S"), so either direction counts.
 */
export function highlightOf(graph: DeployGraph, diagnostics: readonly Diagnostic[]): Highlight {
  const h: Highlight = { nodes: new Map(), edges: new Map() };
  for (const d of diagnostics) {
    if (d.host !== graph.host) continue;
    d.path.forEach((step, i) => {
      if (graph.node(step.node)) mark(h.nodes, step.node, d.severity);
      const next = d.path[(i + 1) % d.path.length]!.node;
      const kind = step.edge as Edge['kind'];
      if (graph.edge(step.node, next, kind)) mark(h.edges, edgeKey({ from: step.node, to: next, kind }), d.severity);
      else if (graph.edge(next, step.node, kind)) mark(h.edges, edgeKey({ from: next, to: step.node, kind }), d.severity);
    });
  }
  return h;
}

export function nodesInScope(graph: DeployGraph, h: Highlight, opts: ScopeOptions): Set<string> {
  const all = graph.g.nodes();
  if (opts.all) return new Set(all);
  if (opts.focus !== undefined) return neighbourhood(graph, opts.focus, opts.depth ?? 2);
  const own = all.filter((id) => nodeSource(graph.node(id)!) === 'repo');
  const keep = new Set([...own, ...h.nodes.keys()]);
  for (const id of own) {
    for (const e of [...graph.outEdges(id), ...graph.inEdges(id)]) {
      if (e.label.provenance.some((p) => !p.implicit)) keep.add(e.from === id ? e.to : e.from);
    }
  }
  return keep;
}

/** Nodes within `depth` edges of `focus`, in either direction. */
function neighbourhood(graph: DeployGraph, focus: string, depth: number): Set<string> {
  const seen = new Set([focus]);
  let frontier = [focus];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of [...graph.outEdges(id), ...graph.inEdges(id)]) {
        const other = e.from === id ? e.to : e.from;
        if (!seen.has(other)) {
          seen.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** The edges a drawing shows: between shown nodes, and (outside --all/--focus) not implicit-only plumbing between two stock units. */
export function edgesInScope(graph: DeployGraph, nodes: ReadonlySet<string>, h: Highlight, opts: ScopeOptions): Edge[] {
  return graph.edges().filter((e) => {
    if (!nodes.has(e.from) || !nodes.has(e.to)) return false;
    if (opts.all || opts.focus !== undefined || h.edges.has(edgeKey(e))) return true;
    const touchesRepo = nodeSource(graph.node(e.from)!) === 'repo' || nodeSource(graph.node(e.to)!) === 'repo';
    return touchesRepo && e.label.provenance.some((p) => !p.implicit);
  });
}
