/**
 * After the rules: the edits of fix options that need the file text (the rules
 * see only the graph). One deriver per rule; a finding of another rule is left
 * as its rule made it.
 */
import type { DeployGraph } from '../../graph/model.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { deriveDeadlockFixes, type RepoFiles } from './health-gate-deadlock.js';

export type { ReadText, RepoFiles } from './health-gate-deadlock.js';

const DERIVERS: Record<string, (graph: DeployGraph, d: Diagnostic, files: RepoFiles) => void> = {
  'health-gate-deadlock': deriveDeadlockFixes,
};

/** Completes, in place, the fixes of the findings one graph's rules made. */
export function deriveFixes(diagnostics: readonly Diagnostic[], graph: DeployGraph, files: RepoFiles): void {
  for (const d of diagnostics) DERIVERS[d.rule]?.(graph, d, files);
}
