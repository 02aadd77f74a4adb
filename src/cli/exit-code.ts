/**
 * The exit status of a lint run: 1 when a finding is at or above --fail-on
 * (default error) or warnings exceed --max-warnings; --exit-zero makes it 0.
 * (2, usage and internal errors, is decided by the CLI.)
 */
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { SEVERITY_RANK } from '../model/diagnostic.js';

export interface ExitPolicy {
  failOn?: Severity;
  maxWarnings?: number;
  exitZero?: boolean;
}

export function exitCodeFor(diagnostics: readonly Diagnostic[], p: ExitPolicy): 0 | 1 {
  if (p.exitZero) return 0;
  const threshold = SEVERITY_RANK[p.failOn ?? 'error'];
  if (diagnostics.some((d) => SEVERITY_RANK[d.severity] <= threshold)) return 1;
  if (p.maxWarnings !== undefined && diagnostics.filter((d) => d.severity === 'warning').length > p.maxWarnings) return 1;
  return 0;
}
