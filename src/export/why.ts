/**
 * `deploy-lint why A B`: the shortest path from A to B, each step with the
 * file and line that makes its edge. Ordering edges (After=/Before=, default
 * dependencies) are tried first, since "why does A wait for B" is the usual
 * question; when there is no ordering path, every other edge kind is allowed.
 */
import { shortestPath } from '../graph/algorithms/paths.js';
import { displayName } from '../graph/ids.js';
import { firstProvenance, type DeployGraph, type EdgeKind } from '../graph/model.js';
import { formatSpan, type Span } from '../model/span.js';

export const ORDERING: readonly EdgeKind[] = ['after'];
export const ANY_EDGE: readonly EdgeKind[] = [
  'after', 'wants', 'requires', 'binds-to', 'requisite', 'part-of', 'upholds', 'installs', 'triggers',
  'on-failure', 'on-success', 'runs', 'deploys', 'serves', 'routes', 'gates-on', 'attaches',
];

export interface WhyStep {
  from: string;
  to: string;
  kind: EdgeKind;
  span: Span;
  explanation: string;
}

export type Resolved = { id: string } | { error: string };

/** A node by id, by unit name without `.service`, by host name (endpoint), spec name or stack name. */
export function resolveNode(graph: DeployGraph, name: string): Resolved {
  for (const id of [name, `${name}.service`, `endpoint:${name}`]) if (graph.node(id)) return { id };
  const ids = graph.g.nodes();
  const matches = ids
    .filter((id) => (id.startsWith('spec:') && id.endsWith(`#${name}`)) || displayName(id) === `stack "${name}"` || displayName(id) === `spec "${name}"`)
    .sort();
  if (matches.length === 1) return { id: matches[0]! };
  if (matches.length > 1) return { error: `'${name}' is ambiguous: ${matches.join(', ')}` };
  return { error: `no node '${name}' in the graph${graph.host ? ` of host ${graph.host}` : ''}` };
}

export function whyPath(graph: DeployGraph, from: string, to: string, kinds?: readonly EdgeKind[]): { kinds: readonly EdgeKind[]; steps: WhyStep[] } | null {
  for (const set of kinds ? [kinds] : [ORDERING, ANY_EDGE]) {
    const nodes = shortestPath(graph, from, to, set);
    if (!nodes) continue;
    const steps: WhyStep[] = [];
    for (let i = 0; i + 1 < nodes.length; i++) {
      const a = nodes[i]!;
      const b = nodes[i + 1]!;
      const kind = set.find((k) => graph.edge(a, b, k))!;
      const p = firstProvenance(graph.edge(a, b, kind)!);
      steps.push({ from: a, to: b, kind, span: p.span, explanation: p.explanation });
    }
    return { kinds: set, steps };
  }
  return null;
}

export function formatWhy(from: string, to: string, found: { kinds: readonly EdgeKind[]; steps: WhyStep[] }): string {
  const what = found.kinds.length === 1 && found.kinds[0] === 'after' ? 'ordering path' : 'path';
  const head = from === to ? `${from} is ${to}` : `${from} → ${to}: ${what}, ${found.steps.length} step${found.steps.length === 1 ? '' : 's'}`;
  const width = Math.max(0, ...found.steps.map((s) => formatSpan(s.span).length));
  const lines = found.steps.map((s) => `  ${formatSpan(s.span).padEnd(width)}  ${s.from} -${s.kind}-> ${s.to}: ${s.explanation}`);
  return `${[head, ...lines].join('\n')}\n`;
}
