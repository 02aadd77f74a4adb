/**
 * Every finding kind this build can report: the rules, the built-in findings,
 * and the ones the integrations add (suppressions). Config validation, SARIF
 * rule metadata and `deploy-lint rules` all read this one list.
 */
import { ALL_KINDS } from '../../rules/index.js';
import type { BuiltinDiagnosticKind } from '../../rules/rule.js';

/** Kinds that are reported even under --select: without them the other results cannot be trusted. */
export const ALWAYS_SELECTED = new Set(['parse-error', 'unreadable-file', 'unused-suppression', 'suppression-without-reason']);

export function allKinds(): readonly BuiltinDiagnosticKind[] {
  return ALL_KINDS;
}

export function knownRuleIds(): Set<string> {
  return new Set(allKinds().map((k) => k.id));
}
