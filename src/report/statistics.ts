/**
 * `--statistics` (as Ruff has it): instead of the findings, how many there are
 * of each rule, most first, with the rule's severity and what it checks.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import { allKinds } from '../config/kinds.js';

export function statistics(diagnostics: readonly Diagnostic[]): string {
  const counts = new Map<string, { n: number; severity: string }>();
  for (const d of diagnostics) {
    const c = counts.get(d.rule);
    if (c) c.n++;
    else counts.set(d.rule, { n: 1, severity: d.severity });
  }
  const summary = new Map(allKinds().map((k) => [k.id, k.summary]));
  const rows = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  if (rows.length === 0) return 'no findings\n';
  const nw = Math.max(...rows.map(([, c]) => String(c.n).length));
  const rw = Math.max(...rows.map(([r]) => r.length));
  return rows.map(([rule, c]) => `${String(c.n).padStart(nw)}  ${rule.padEnd(rw)}  ${c.severity.padEnd(7)}  ${summary.get(rule) ?? ''}`.trimEnd()).join('\n') + '\n';
}
