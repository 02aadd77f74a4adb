import type { Span } from './span.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** One step of a path finding: "node, reached by edge, because of the text at location". */
export interface PathStep {
  node: string;
  /** The edge kind that leads from this step's node to the next one (`after`, `gates-on`, …). */
  edge: string;
  location: Span;
  explanation: string;
}

/** A text edit: replace the text at `span` with `replacement` ('' deletes; an empty span inserts). */
export interface TextEdit {
  span: Span;
  replacement: string;
}

/**
 * How far a fix may be applied without asking, with Ruff's meaning
 * ("fix safety" in Ruff's documentation):
 * - `safe`: the edits keep what the author meant; `deploy-lint fix` applies them;
 * - `unsafe`: the edits change behaviour (what starts, in which order, what a gate
 *   checks); applied only with `--unsafe-fixes` or when the option is chosen
 *   (`--rule R --option N`, an editor code action);
 * - `display-only`: advice without edits (or with edits that cannot be exact).
 */
export type Applicability = 'safe' | 'unsafe' | 'display-only';

export interface Fix {
  description: string;
  applicability: Applicability;
  /** Present only when the fix is a text edit; a display-only fix has none. */
  edits?: TextEdit[];
}

export interface Effect {
  summary: string;
  /** How long the boot stalls; null means forever (no timeout). */
  timeoutSec: number | null;
}

export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  /** Canonical id of the node the finding is about (`deploy-proxy.service`, a file for parse errors). */
  subject: string;
  location: Span;
  path: PathStep[];
  effect: Effect | null;
  fixes: Fix[];
  docs: string;
  /** The host (NixOS configuration) whose graph the finding belongs to, when the repo declares several. */
  host?: string;
}

/** A finding left out of the report, and why: an inline directive or the baseline. */
export interface SuppressedFinding {
  diagnostic: Diagnostic;
  /** As SARIF's suppression kinds: `inSource` (a comment in the file), `external` (the baseline). */
  kind: 'inSource' | 'external';
  justification: string;
}

export function docsRef(rule: string): string {
  return `deploy-lint explain ${rule}`;
}

/** Shorthand for the common single-site finding. */
export function simpleDiagnostic(
  rule: string,
  severity: Severity,
  message: string,
  location: Span,
  subject: string = location.file,
): Diagnostic {
  return { rule, severity, message, subject, location, path: [], effect: null, fixes: [], docs: docsRef(rule) };
}
