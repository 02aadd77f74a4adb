/**
 * The graph as plain, sorted data: the `deploy-lint graph --format json`
 * output and the dump tests compare against. Nodes carry their kind, where
 * they come from and their span; edges carry every reason they exist.
 */
import { cmp, type DeployGraph, type GraphNode } from '../graph/model.js';
import { compareSpans, type Span } from '../model/span.js';

export interface NodeDump {
  id: string;
  kind: GraphNode['kind'];
  /** repo: declared in the linted files; catalog: a stock systemd unit; missing: only referenced. */
  source: 'repo' | 'catalog' | 'missing';
  span: Span;
  /** Units: the unit type and, for services, Type=. */
  unitType?: string;
  serviceType?: string;
}

export interface EdgeDump {
  from: string;
  to: string;
  kind: string;
  provenance: { span: Span; explanation: string; implicit?: true }[];
}

export interface GraphDump {
  host?: string;
  defaultTarget: string;
  nodes: NodeDump[];
  edges: EdgeDump[];
}

export function nodeSource(n: GraphNode): NodeDump['source'] {
  return n.kind === 'unit' ? n.source : 'repo';
}

export function dumpNode(n: GraphNode): NodeDump {
  const out: NodeDump = { id: n.id, kind: n.kind, source: nodeSource(n), span: n.span };
  if (n.kind === 'unit') {
    out.unitType = n.type;
    if (n.serviceType) out.serviceType = n.serviceType;
  }
  return out;
}

/** The whole graph, or only `keep` nodes (and the edges between them). */
export function dumpGraph(graph: DeployGraph, keep?: ReadonlySet<string>): GraphDump {
  const ids = graph.g.nodes().filter((id) => !keep || keep.has(id)).sort(cmp);
  const nodes = ids.map((id) => dumpNode(graph.node(id)!));
  const edges = graph
    .edges()
    .filter((e) => !keep || (keep.has(e.from) && keep.has(e.to)))
    .map((e) => ({
      from: e.from,
      to: e.to,
      kind: e.kind,
      provenance: [...e.label.provenance]
        .sort((a, b) => compareSpans(a.span, b.span) || cmp(a.explanation, b.explanation))
        .map((p) => ({ span: p.span, explanation: p.explanation, ...(p.implicit ? { implicit: true as const } : {}) })),
    }));
  const out: GraphDump = { defaultTarget: graph.defaultTarget, nodes, edges };
  if (graph.host !== undefined) out.host = graph.host;
  return out;
}
