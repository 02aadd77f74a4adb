/**
 * Runs one rule over one graph: the rule reports what it found
 * (rules/api.ts), the engine makes the diagnostics — rule id, default
 * severity, docs reference, host — so no rule writes them out.
 */
import type { AnalysisSettings, Report, Rule } from '../rules/api.js';
import type { DeployGraph } from './graph/model.js';
import { docsRef, type Diagnostic } from './model/diagnostic.js';
import { FindingCap } from './finding-cap.js';

/** What each diagnostic blames (Report.blames); kept beside it, not in the output. */
const BLAMES = new WeakMap<Diagnostic, readonly string[]>();

/** The rule's findings on the graph, at most FINDINGS_PER_FILE per file and a count of the rest (src/finding-cap.ts). */
export function runRule(rule: Rule, graph: DeployGraph, settings: AnalysisSettings, host?: string): Diagnostic[] {
  const { id, defaultSeverity } = rule.meta;
  const out = new FindingCap();
  const report = (f: Report): void => {
    // Field order is the order of the JSON report.
    const d: Diagnostic = {
      rule: id,
      severity: f.severity ?? defaultSeverity,
      message: f.message,
      subject: f.subject,
      location: f.location,
      path: f.path ?? [],
      effect: f.effect ?? null,
      fixes: f.fixes ?? [],
      docs: docsRef(id),
    };
    if (host) d.host = host;
    if (f.blames?.length) BLAMES.set(d, f.blames);
    out.add(d);
  };
  rule.check({ graph, settings, report });
  return out.findings();
}

/**
 * One root cause, one finding: of the findings the rules reported on one graph,
 * drops each one that a finding of a rule superseding its rule (Rule.supersedes)
 * restates, i.e. blames one of the same keys (an ordering cycle through a
 * default dependency is default-dependencies-before-sysinit's finding, not a
 * second ordering-cycle one).
 */
export function dropRestated(found: Diagnostic[], rules: readonly Rule[]): Diagnostic[] {
  const superseders = new Map<string, string[]>();
  for (const r of rules) for (const s of r.supersedes ?? []) superseders.set(s, [...(superseders.get(s) ?? []), r.meta.id]);
  if (superseders.size === 0) return found;
  const blamedBy = new Map<string, Set<string>>(); // rule id → keys its findings blame
  for (const d of found) {
    for (const k of BLAMES.get(d) ?? []) {
      let keys = blamedBy.get(d.rule);
      if (!keys) blamedBy.set(d.rule, (keys = new Set()));
      keys.add(k);
    }
  }
  return found.filter((d) => {
    const over = superseders.get(d.rule);
    if (!over) return true;
    return !(BLAMES.get(d) ?? []).some((k) => over.some((r) => blamedBy.get(r)?.has(k)));
  });
}
