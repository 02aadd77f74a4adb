/** Every rule, in one list. A new rule is a new file here and one line below. */
import { conflictsWithRequires } from './conflicts-with-requires.js';
import { danglingReference } from './dangling-reference.js';
import { defaultDependenciesBeforeSysinit } from './default-dependencies-before-sysinit.js';
import { healthGateDeadlock } from './health-gate-deadlock.js';
import { healthGateNoTimeout } from './health-gate-no-timeout.js';
import { healthGateUnserved } from './health-gate-unserved.js';
import { requiresWithoutAfter } from './requires-without-after.js';
import { subnetOverlap } from './subnet-overlap.js';
import { swarmSubnetUnpinned } from './swarm-subnet-unpinned.js';
import { unknownDirective } from './unknown-directive.js';
import { unknownSpec } from './unknown-spec.js';
import { unresolvedFile } from './unresolved-file.js';
import { networkOnlineWithoutWants } from './network-online-without-wants.js';
import { neverStarted } from './never-started.js';
import { oneshotRestartAlways } from './oneshot-restart-always.js';
import { orderingCycle } from './ordering-cycle.js';
import { PARSE_ERROR, SUPPRESSION_WITHOUT_REASON, UNREADABLE_FILE, UNUSED_SUPPRESSION } from './builtin.js';
import type { BuiltinDiagnosticKind, Rule } from './rule.js';

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

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/** Rules and the built-in findings, for `deploy-lint rules` and `explain`. */
export const ALL_KINDS: readonly BuiltinDiagnosticKind[] = [...RULES, PARSE_ERROR, UNREADABLE_FILE, UNUSED_SUPPRESSION, SUPPRESSION_WITHOUT_REASON].sort((a, b) => (a.id < b.id ? -1 : 1));
