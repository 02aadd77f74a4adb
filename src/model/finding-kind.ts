/**
 * What every finding id has, whether a rule or a parser reports it: a default
 * severity, a one-line summary and docs under four headings. The registry of
 * all of them is rules/registry.ts.
 */
import type { Severity } from './diagnostic.js';

export interface FindingDocs {
  /** What the rule checks, in a sentence or two. */
  what: string;
  /** Why it is a bug: what happens on the machine. */
  why: string;
  /** A minimal example that triggers it. */
  example: string;
  /** How to fix it. */
  fix: string;
}

export interface FindingKind {
  /** kebab-case; what `--select`, the config's `rules` and `deploy-lint-disable` comments name. */
  id: string;
  defaultSeverity: Severity;
  /** One line for `deploy-lint rules` and the README's table. */
  summary: string;
  docs: FindingDocs;
  /** Reported even under --select: without it the other results cannot be trusted. */
  alwaysSelected?: boolean;
}
