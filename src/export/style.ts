/** How node and edge kinds look in drawings, shared by DOT and Mermaid. */
import type { EdgeKind, GraphNode } from '../graph/model.js';
import { displayName } from '../graph/ids.js';

export interface EdgeStyle {
  /** Graphviz attributes. */
  dot: string;
  /** Mermaid arrow. */
  arrow: '-->' | '-.->' | '==>';
}

// Red is kept for finding paths; every kind gets its own colour or line style.
export const EDGE_STYLE: Record<EdgeKind, EdgeStyle> = {
  after: { dot: 'color="gray25"', arrow: '-->' },
  wants: { dot: 'style=dashed color="gray45"', arrow: '-.->' },
  requires: { dot: 'style=bold color="gray25"', arrow: '==>' },
  'binds-to': { dot: 'style=bold color="gray25"', arrow: '==>' },
  requisite: { dot: 'style=bold color="gray45"', arrow: '==>' },
  'part-of': { dot: 'style=dotted color="gray25"', arrow: '-.->' },
  upholds: { dot: 'style=dotted color="gray25"', arrow: '-.->' },
  conflicts: { dot: 'color="darkorange" arrowhead=tee', arrow: '-.->' },
  installs: { dot: 'style=dashed color="gray60"', arrow: '-.->' },
  triggers: { dot: 'style=dotted color="steelblue"', arrow: '-.->' },
  'on-failure': { dot: 'style=dotted color="gray60"', arrow: '-.->' },
  'on-success': { dot: 'style=dotted color="gray60"', arrow: '-.->' },
  runs: { dot: 'color="royalblue"', arrow: '-->' },
  deploys: { dot: 'color="purple"', arrow: '-->' },
  serves: { dot: 'color="forestgreen"', arrow: '-->' },
  routes: { dot: 'style=dashed color="forestgreen"', arrow: '-.->' },
  'gates-on': { dot: 'style=bold color="darkgoldenrod"', arrow: '==>' },
  attaches: { dot: 'color="slategray"', arrow: '-->' },
};

export function nodeLabel(n: GraphNode): string {
  if (n.kind === 'unit') return n.serviceType ? `${n.name}\n(${n.serviceType})` : n.name;
  if (n.kind === 'network') return `network ${n.cidr}`;
  return displayName(n.id);
}

export function dotShape(n: GraphNode): string {
  switch (n.kind) {
    case 'unit':
      return `shape=box${n.type === 'target' ? ' style="rounded"' : ''}${n.source === 'repo' ? '' : ' color="gray60" fontcolor="gray40"'}`;
    case 'spec':
      return 'shape=note';
    case 'stack':
      return 'shape=component';
    case 'endpoint':
      return 'shape=ellipse';
    case 'network':
      return 'shape=cylinder';
  }
}
