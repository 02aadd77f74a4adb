/**
 * An exception of ours, as a finding: the run goes on without what failed,
 * and the failure is an error at the file, host or rule it happened in, so
 * the run cannot pass as if that part had been checked.
 */
import { INTERNAL_ERROR } from './builtin-findings.js';
import { simpleDiagnostic, type Diagnostic } from './diagnostic.js';
import type { Span } from './span.js';

/** The exception's first line, short: a message, never a dump of what was being read. */
export function errorSummary(e: unknown): string {
  const raw = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  const line = raw.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export function internalError(what: string, e: unknown, at: Span, host?: string): Diagnostic {
  const d = simpleDiagnostic(INTERNAL_ERROR, 'error', `internal error in ${what}: ${errorSummary(e)}; what it covers is not checked`, at);
  return host === undefined ? d : { ...d, host };
}
