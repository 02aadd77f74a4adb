/**
 * A finding's identity across edits: its rule, host, subject and the nodes and
 * edge kinds of its path — never a line number, so moving or editing lines
 * does not revive a baselined finding, while a new path (even through the same
 * units) is a new finding. Cycles have no natural start: they are rotated to
 * begin at their smallest node.
 */
import type { Diagnostic } from '../model/diagnostic.js';

export interface FindingKey {
  rule: string;
  host?: string;
  subject: string;
  /** `node -edge->` per path step. */
  path: string[];
}

/** Rules whose path is a closed cycle (the last step leads back to the first). */
function isCycle(d: Diagnostic): boolean {
  return d.path.length > 0 && /(^|-)cycle($|-)/.test(d.rule);
}

export function findingKey(d: Diagnostic): FindingKey {
  let steps = d.path.map((s) => ({ node: s.node, edge: s.edge }));
  let subject = d.subject;
  if (isCycle(d)) {
    let min = 0;
    steps.forEach((s, i) => {
      if (s.node < steps[min]!.node) min = i;
    });
    steps = [...steps.slice(min), ...steps.slice(0, min)];
    subject = steps[0]!.node;
  }
  const key: FindingKey = { rule: d.rule, subject, path: steps.map((s) => `${s.node} -${s.edge}->`) };
  if (d.host !== undefined) key.host = d.host;
  return key;
}

export function keyString(k: FindingKey): string {
  return JSON.stringify([k.rule, k.host ?? null, k.subject, k.path]);
}
