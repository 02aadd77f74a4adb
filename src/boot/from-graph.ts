/**
 * A host's graph → the jobs of one start transaction (the cold boot: the closure
 * of the default target over wants/requires/binds-to/upholds/installs).
 */
import { startClosure } from '../graph/algorithms/closure.js';
import { stronglyConnected } from '../graph/algorithms/scc.js';
import { displayName } from '../graph/ids.js';
import { firstProvenance, type DeployGraph, type UnitNode } from '../graph/model.js';
import { blocksStartJob, effectiveStartTimeout, gatesOf, providersOf, type Gate } from '../graph/queries/gates.js';
import { formatSpan } from '../model/span.js';
import type { Job, JobGate } from './jobs.js';

export interface TransactionOptions {
  /** The unit the transaction starts (default: the graph's default target). */
  target?: string;
  /** The manager's DefaultTimeoutStartSec= (90 s unless configured). */
  defaultTimeoutStartSec: number;
}

/** Units whose job is pure bookkeeping: nothing runs, so their run time is known to be 0. */
const NOTHING_RUNS = new Set(['target', 'slice', 'socket', 'timer', 'path']);

export function transactionJobs(graph: DeployGraph, opts: TransactionOptions): Job[] {
  const anchor = opts.target ?? graph.defaultTarget;
  if (!graph.node(anchor)) return [];
  const tx = startClosure(graph, anchor);
  const cyclic = new Set(stronglyConnected(graph, tx, ['after']).filter((c) => c.length > 1).flat());
  const jobs: Job[] = [];
  for (const id of [...tx].sort()) {
    const unit = graph.unit(id);
    if (!unit) continue;
    const job: Job = {
      id,
      repo: unit.source === 'repo',
      after: graph.outEdges(id, ['after']).filter((e) => tx.has(e.to) && e.to !== id).map((e) => {
        const p = firstProvenance(e.label);
        return { id: e.to, why: p.implicit ? p.explanation : `${p.explanation}, ${formatSpan(p.span)}` };
      }),
      needs: graph.outEdges(id, ['requires', 'binds-to']).filter((e) => tx.has(e.to)).map((e) => ({ id: e.to, kind: e.kind as 'requires' | 'binds-to' })),
      gates: gatesOf(graph, unit).filter((g) => g.blocking).map((g) => jobGate(graph, g, tx)),
      timeoutSec: effectiveStartTimeout(unit, opts.defaultTimeoutStartSec),
      timeoutWhy: timeoutWhy(unit, opts.defaultTimeoutStartSec),
      durationKnown: durationKnown(unit),
    };
    if (cyclic.has(id)) job.inCycle = true;
    jobs.push(job);
  }
  return jobs;
}

function jobGate(graph: DeployGraph, g: Gate, tx: ReadonlySet<string>): JobGate {
  let providers = providersOf(graph, g.target, 'serves').map((p) => p.unit);
  if (providers.length === 0) providers = providersOf(graph, g.target, 'routes').map((p) => p.unit);
  const out: JobGate = {
    target: displayName(g.target),
    boundSec: g.boundSec,
    met: providers.includes(g.unit.id) ? 'self' : providers.length === 0 ? 'unknown' : 'providers',
    providers: providers.filter((p) => tx.has(p)),
    outside: providers.filter((p) => !tx.has(p)),
    at: formatSpan(g.span),
  };
  if (g.boundSource) out.boundWhy = g.boundSource;
  return out;
}

function timeoutWhy(unit: UnitNode, defaultSec: number): string {
  if (unit.startTimeoutSpan) return unit.startTimeoutSec === null ? 'TimeoutStartSec= disables the timeout' : `TimeoutStartSec=${unit.startTimeoutSec}`;
  if (unit.startTimeoutSec === null) return unit.serviceType === 'oneshot' ? 'Type=oneshot has no start timeout by default' : 'no start timeout';
  return `DefaultTimeoutStartSec=${defaultSec}`;
}

/** The run time of a start job is known only when nothing runs in it (see gates.ts, blocksStartJob). */
function durationKnown(unit: UnitNode): boolean {
  if (NOTHING_RUNS.has(unit.type)) return true;
  if (unit.source !== 'repo' || unit.type !== 'service') return false;
  return !unit.exec.some((c) => blocksStartJob(unit, c.phase));
}
