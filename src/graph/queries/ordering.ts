/** Ordering chains as printable path steps: one step per `after` edge, with the text that made it. */
import type { PathStep } from '../../model/diagnostic.js';
import { firstProvenance, type DeployGraph } from '../model.js';

/** Steps for a chain of units, each ordered after the next; `closed` adds the edge back to the first. */
export function orderingSteps(graph: DeployGraph, chain: readonly string[], closed = false): PathStep[] {
  const last = closed ? chain.length : chain.length - 1;
  const steps: PathStep[] = [];
  for (let i = 0; i < last; i++) {
    const node = chain[i]!;
    const p = firstProvenance(graph.edge(node, chain[(i + 1) % chain.length]!, 'after')!);
    steps.push({ node, edge: 'after', location: p.span, explanation: p.explanation });
  }
  return steps;
}
