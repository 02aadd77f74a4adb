/**
 * Mermaid flowchart (renders in GitHub/GitLab Markdown). Node ids are
 * generated (`n0`, `n1`, …, in sorted order) because unit names contain `@`,
 * `.` and `-`; finding paths are styled with linkStyle/classDef.
 */
import type { Severity } from '../model/diagnostic.js';
import type { Drawing } from './dot.js';
import { edgeKey } from './scope.js';
import { EDGE_STYLE, nodeLabel } from './style.js';

const COLOR: Record<Severity, string> = { error: 'red', warning: 'orange', info: 'blue' };

function label(s: string): string {
  return `"${s.replace(/"/g, '#quot;').replace(/\n/g, '<br/>')}"`;
}

function shape(kind: string, text: string): string {
  switch (kind) {
    case 'endpoint':
      return `([${text}])`;
    case 'spec':
      return `[/${text}/]`;
    case 'stack':
      return `[[${text}]]`;
    case 'network':
      return `[(${text})]`;
    default:
      return `[${text}]`;
  }
}

export function toMermaid(drawings: readonly Drawing[]): string {
  const out = ['flowchart LR'];
  const styles: string[] = [];
  let nodeNo = 0;
  let linkNo = 0;
  for (const d of drawings) {
    const clustered = drawings.length > 1;
    if (clustered) out.push(`  subgraph ${label(`host ${d.graph.host || '(shared)'}`)}`);
    const ids = new Map<string, string>();
    for (const id of [...d.nodes].sort()) {
      const n = d.graph.node(id)!;
      const mid = `n${nodeNo++}`;
      ids.set(id, mid);
      out.push(`  ${mid}${shape(n.kind, label(nodeLabel(n)))}`);
      const sev = d.highlight.nodes.get(id);
      if (sev) styles.push(`  style ${mid} stroke:${COLOR[sev]},stroke-width:3px`);
    }
    for (const e of d.edges) {
      out.push(`  ${ids.get(e.from)} ${EDGE_STYLE[e.kind].arrow}|${e.kind}| ${ids.get(e.to)}`);
      const sev = d.highlight.edges.get(edgeKey(e));
      if (sev) styles.push(`  linkStyle ${linkNo} stroke:${COLOR[sev]},stroke-width:3px`);
      linkNo++;
    }
    if (clustered) out.push('  end');
  }
  return `${[...out, ...styles].join('\n')}\n`;
}
