/**
 * Runs one rule over one graph: the rule reports what it found
 * (rules/api.ts), the engine makes the diagnostics — rule id, default
 * severity, docs reference, host — so no rule writes them out.
 */
import type { AnalysisSettings, Report, Rule } from '../rules/api.js';
import type { DeployGraph } from './graph/model.js';
import { docsRef, type Diagnostic } from './model/diagnostic.js';

export function runRule(rule: Rule, graph: DeployGraph, settings: AnalysisSettings, host?: string): Diagnostic[] {
  const { id, defaultSeverity } = rule.meta;
  const out: Diagnostic[] = [];
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
    out.push(d);
  };
  rule.check({ graph, settings, report });
  return out;
}
