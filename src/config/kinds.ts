/**
 * Every finding kind this build can report: the rules, the built-in findings,
 * and the ones the integrations add (suppressions). Config validation, SARIF
 * rule metadata and `deploy-lint rules` all read this one list.
 */
import { ALL_KINDS } from '../../rules/index.js';
import type { BuiltinDiagnosticKind } from '../../rules/rule.js';
import { SUPPRESSION_KINDS } from '../suppress/kinds.js';

/** Kinds that are reported even under --select: without them the other results cannot be trusted. */
export const ALWAYS_SELECTED = new Set(['parse-error', 'unreadable-file', 'unused-suppression', 'suppression-without-reason']);

export function allKinds(): BuiltinDiagnosticKind[] {
  const byId = new Map<string, BuiltinDiagnosticKind>();
  // rules/index.ts may list the suppression kinds itself one day; the first definition wins.
  for (const k of [...ALL_KINDS, ...SUPPRESSION_KINDS]) if (!byId.has(k.id)) byId.set(k.id, k);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function knownRuleIds(): Set<string> {
  return new Set(allKinds().map((k) => k.id));
}
