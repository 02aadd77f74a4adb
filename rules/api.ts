/**
 * The rule API: everything a rule may use besides the graph's query surface
 * (src/graph/model.ts, ids.ts, queries/, algorithms/).
 *
 * A rule is `meta` (its registry entry: id, default severity, summary, docs)
 * and `check(context)`, which reads `context.graph` and calls
 * `context.report({...})` once per finding. The engine (src/rule-engine.ts)
 * fills in the rule id, the severity (the rule's default; the config's level
 * is applied after), the docs reference and the host. A new rule is a file
 * here, an entry in rules/registry.ts and its cases under fixtures/rules/<id>/.
 */
import type { Effect, Fix, PathStep, Severity } from '../src/model/diagnostic.js';
import type { FindingKind } from '../src/model/finding-kind.js';
import type { Span } from '../src/model/span.js';
import type { DeployGraph } from '../src/graph/model.js';

export type { Effect, Fix, PathStep, Severity, TextEdit } from '../src/model/diagnostic.js';
export type { FindingDocs as RuleDocs } from '../src/model/finding-kind.js';
export type { Span } from '../src/model/span.js';
export { spanIn, writtenInRepository } from '../src/model/span.js';
export { allowedDistance, closest, NameIndex } from './did-you-mean.js';
// systemd semantics the rules read (src/systemd/), and docker's defaults the graph assumes.
export { lastValue } from '../src/systemd/values.js';
export { DEFAULT_SWARM_POOL } from '../src/graph/queries/swarm.js';
export { mayLack, partlyUnknown } from '../src/graph/model.js';
export { formatDuration } from '../src/systemd/timespan.js';
export { loadDirectives, TYPE_SECTION } from '../src/systemd/directive-catalog.js';

export type RuleMeta = FindingKind;

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

/** One finding, as a rule reports it. */
export interface Report {
  message: string;
  /** Canonical id of the node the finding is about. */
  subject: string;
  /** The primary location: where the fix goes. */
  location: Span;
  /** Every step of a path finding, in order (file + line each). */
  path?: PathStep[];
  /** What happens on the machine; omitted when the finding is about text, not behaviour. */
  effect?: Effect | null;
  fixes?: Fix[];
  /** Only for a rule whose findings differ in severity: this one's, when not the default. */
  severity?: Severity;
  /**
   * What the finding blames, as keys two rules can agree on (`orderingEdgeKey`):
   * when a rule that supersedes this one (`Rule.supersedes`) reports a finding
   * blaming one of the same keys in the same graph, this finding is dropped as a
   * restatement of that one (one root cause, one finding).
   */
  blames?: readonly string[];
}

export interface RuleContext {
  /** The graph of one host (or of the whole repository when it declares none). */
  readonly graph: DeployGraph;
  readonly settings: AnalysisSettings;
  report(finding: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
  /**
   * Rules whose findings this rule's findings explain more precisely: a finding
   * of theirs that blames what a finding of this rule blames is not reported
   * (src/rule-engine.ts). When this rule is off, theirs are reported as usual.
   */
  supersedes?: readonly string[];
}

/** The key of an ordering edge (`from` is ordered after `to`), for `Report.blames`. */
export function orderingEdgeKey(from: string, to: string): string {
  return `after:${from}>${to}`;
}
