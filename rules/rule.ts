/**
 * What a rule is: metadata, documentation and a pure check over one graph.
 * Rules see only the graph (and the analysis settings); never files, never
 * parsers, never reporters.
 */
import type { Diagnostic, Severity } from '../src/model/diagnostic.js';
import type { DeployGraph } from '../src/graph/model.js';

export interface RuleDocs {
  /** What the rule checks, in a sentence or two. */
  what: string;
  /** Why it is a bug: what happens on the machine. */
  why: string;
  /** A minimal example that triggers it. */
  example: string;
  /** How to fix it. */
  fix: string;
}

export interface AnalysisSettings {
  /** The manager's DefaultTimeoutStartSec=, for units without their own start timeout. */
  defaultTimeoutStartSec: number;
  /** Units that exist on the machine but not in the repository (config `external`). */
  external?: readonly string[];
  /** Endpoints that units outside the repository's declarations serve: host → unit names (config `serves`). */
  serves?: Readonly<Record<string, readonly string[]>>;
  /** Where the repository lives on the machine: absolute prefix → repository folder (config `pathMap`). */
  pathMap?: Readonly<Record<string, string>>;
}

export interface RuleContext {
  settings: AnalysisSettings;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line for `deploy-lint rules`. */
  summary: string;
  docs: RuleDocs;
  check(graph: DeployGraph, ctx: RuleContext): Diagnostic[];
}

/** Findings produced outside rules (by parsers and discovery) still have ids and docs. */
export interface BuiltinDiagnosticKind {
  id: string;
  defaultSeverity: Severity;
  summary: string;
  docs: RuleDocs;
}
