/**
 * THE registry of every finding id: each rule (its `meta`) and each built-in
 * finding (src/model/builtin-findings.ts). `deploy-lint rules` and `explain`,
 * config validation, --select/--ignore-rule, suppressions, SARIF `rules[]`,
 * JUnit and the README's rule table (`npm run docs:rules`) all read it, and
 * test/registry-emitted.test.ts fails when a run emits an id not listed here.
 *
 * A new rule: its file in rules/, one line in RULES, cases in fixtures/rules/<id>/.
 * A new built-in finding: an entry in src/model/builtin-findings.ts.
 */
import { BUILTIN_FINDINGS } from '../src/model/builtin-findings.js';
import type { FindingKind } from '../src/model/finding-kind.js';
import type { Rule } from './api.js';
import { conflictsWithRequires } from './conflicts-with-requires.js';
import { danglingReference } from './dangling-reference.js';
import { defaultDependenciesBeforeSysinit } from './default-dependencies-before-sysinit.js';
import { healthGateDeadlock } from './health-gate-deadlock.js';
import { healthGateNoTimeout } from './health-gate-no-timeout.js';
import { healthGateUnserved } from './health-gate-unserved.js';
import { networkOnlineWithoutWants } from './network-online-without-wants.js';
import { neverStarted } from './never-started.js';
import { oneshotRestartAlways } from './oneshot-restart-always.js';
import { orderingCycle } from './ordering-cycle.js';
import { requiresWithoutAfter } from './requires-without-after.js';
import { subnetOverlap } from './subnet-overlap.js';
import { swarmSubnetUnpinned } from './swarm-subnet-unpinned.js';
import { unknownDirective } from './unknown-directive.js';
import { unknownSpec } from './unknown-spec.js';
import { unresolvedFile } from './unresolved-file.js';

/** Every rule, in the order they run (the order does not change the output: findings are sorted). */
export const RULES: readonly Rule[] = [
  orderingCycle,
  healthGateDeadlock,
  healthGateUnserved,
  healthGateNoTimeout,
  unknownSpec,
  unresolvedFile,
  swarmSubnetUnpinned,
  subnetOverlap,
  requiresWithoutAfter,
  networkOnlineWithoutWants,
  danglingReference,
  neverStarted,
  oneshotRestartAlways,
  unknownDirective,
  conflictsWithRequires,
  defaultDependenciesBeforeSysinit,
];

/** Every finding id with its entry, sorted by id. */
export const REGISTRY: readonly FindingKind[] = [...RULES.map((r) => r.meta), ...BUILTIN_FINDINGS].sort((a, b) => (a.id < b.id ? -1 : 1));

const BY_ID = new Map(REGISTRY.map((k) => [k.id, k]));

export function findKind(id: string): FindingKind | undefined {
  return BY_ID.get(id);
}

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}

export function knownIds(): Set<string> {
  return new Set(BY_ID.keys());
}

/** Ids reported even under --select: without them the other results cannot be trusted. */
export const ALWAYS_SELECTED: ReadonlySet<string> = new Set(REGISTRY.filter((k) => k.alwaysSelected).map((k) => k.id));
