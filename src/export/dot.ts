/**
 * Graphviz DOT. One cluster per host when the repository declares several.
 * Edges on a finding's path are red (errors) or orange (warnings) and thick;
 * nodes on it get a red outline.
 */
import type { DeployGraph, Edge } from '../graph/model.js';
import type { Severity } from '../model/diagnostic.js';
import { edgeKey, type Highlight } from './scope.js';
import { dotShape, EDGE_STYLE, nodeLabel } from './style.js';

export interface Drawing {
  graph: DeployGraph;
  nodes: ReadonlySet<string>;
  edges: readonly Edge[];
  highlight: Highlight;
}

const HIGHLIGHT: Record<Severity, string> = { error: 'red', warning: 'orange', info: 'blue' };

function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function toDot(drawings: readonly Drawing[]): string {
  const out = ['digraph deploy {', '  rankdir=LR;', '  node [fontname="Helvetica" fontsize=10];', '  edge [fontname="Helvetica" fontsize=8];'];
  const clustered = drawings.length > 1;
  for (const d of drawings) {
    const prefix = clustered ? `${d.graph.host ?? ''}/` : '';
    const indent = clustered ? '    ' : '  ';
    if (clustered) out.push(`  subgraph ${q(`cluster_${d.graph.host ?? ''}`)} {`, `    label=${q(`host ${d.graph.host || '(shared)'}`)};`);
    for (const id of [...d.nodes].sort()) {
      const n = d.graph.node(id)!;
      const sev = d.highlight.nodes.get(id);
      const extra = sev ? ` color=${HIGHLIGHT[sev]} penwidth=2` : '';
      out.push(`${indent}${q(prefix + id)} [label=${q(nodeLabel(n))} ${dotShape(n)}${extra}];`);
    }
    for (const e of d.edges) {
      const sev = d.highlight.edges.get(edgeKey(e));
      const style = sev ? `color=${HIGHLIGHT[sev]} penwidth=2.5 fontcolor=${HIGHLIGHT[sev]}` : EDGE_STYLE[e.kind].dot;
      out.push(`${indent}${q(prefix + e.from)} -> ${q(prefix + e.to)} [label=${q(e.kind)} ${style}];`);
    }
    if (clustered) out.push('  }');
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
