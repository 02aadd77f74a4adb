/**
 * Transactions: the set of units one start request brings in. The cold boot is
 * the closure of the default target; `systemctl start X` (or a timer) the
 * closure of X. Ordering only acts between jobs of one transaction.
 */
import { PULL_IN_KINDS, type DeployGraph } from '../model.js';

export function startClosure(graph: DeployGraph, anchor: string): Set<string> {
  const seen = new Set<string>([anchor]);
  const stack = [anchor];
  while (stack.length) {
    const id = stack.pop()!;
    for (const e of graph.outEdges(id, PULL_IN_KINDS)) {
      if (!seen.has(e.to)) {
        seen.add(e.to);
        stack.push(e.to);
      }
    }
  }
  return seen;
}

export function bootTransaction(graph: DeployGraph): Set<string> {
  return graph.node(graph.defaultTarget) ? startClosure(graph, graph.defaultTarget) : new Set();
}

/** Units whose start transaction can include `target` (reverse reachability over pull-in edges). */
export function pullersOf(graph: DeployGraph, targets: Iterable<string>): Set<string> {
  const seen = new Set<string>(targets);
  const stack = [...seen];
  while (stack.length) {
    const id = stack.pop()!;
    for (const e of graph.inEdges(id, PULL_IN_KINDS)) {
      if (!seen.has(e.from)) {
        seen.add(e.from);
        stack.push(e.from);
      }
    }
  }
  return seen;
}
