/** `deploy-lint graph`: the linted graphs, scoped and highlighted, as DOT, Mermaid or JSON. */
import type { DeployGraph } from '../graph/model.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { toDot, type Drawing } from './dot.js';
import { dumpGraph } from './dump.js';
import { toMermaid } from './mermaid.js';
import { edgesInScope, highlightOf, nodesInScope, type ScopeOptions } from './scope.js';
import { resolveNode } from './why.js';

export const GRAPH_FORMATS = ['dot', 'mermaid', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export class GraphExportError extends Error {}

export function renderGraphs(
  graphs: readonly DeployGraph[],
  diagnostics: readonly Diagnostic[],
  format: GraphFormat,
  scope: ScopeOptions,
): string {
  const drawings: Drawing[] = graphs.map((graph) => {
    let opts = scope;
    if (scope.focus !== undefined) {
      const r = resolveNode(graph, scope.focus);
      if ('error' in r) {
        if (graphs.length === 1) throw new GraphExportError(`--focus: ${r.error}`);
        return { graph, nodes: new Set<string>(), edges: [], highlight: highlightOf(graph, []) };
      }
      opts = { ...scope, focus: r.id };
    }
    const highlight = highlightOf(graph, diagnostics);
    const nodes = nodesInScope(graph, highlight, opts);
    return { graph, nodes, edges: edgesInScope(graph, nodes, highlight, opts), highlight };
  });
  if (format === 'dot') return toDot(drawings);
  if (format === 'mermaid') return toMermaid(drawings);
  // JSON is the full dump unless a focus narrows it (drawings' default scope is only for pictures).
  const dumps = drawings.map((d) => dumpGraph(d.graph, scope.focus !== undefined ? d.nodes : undefined));
  return `${JSON.stringify({ schemaVersion: 1, graphs: dumps }, null, 2)}\n`;
}
