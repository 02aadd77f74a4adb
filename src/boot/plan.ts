/**
 * `deploy-lint boot`: the cold-boot plan of each host, what `systemd-analyze
 * critical-chain` and `plot` show after a real boot, computed before anything is
 * deployed. Reads only the graph; the formats are in render/.
 */
import type { DeployGraph } from '../graph/model.js';
import { transactionJobs, type TransactionOptions } from './from-graph.js';
import type { Job } from './jobs.js';
import { schedule, type JobPlan } from './schedule.js';

export interface ChainStep {
  unit: string;
  startSec: number | null;
  readySec: number | null;
  finishSec: number | null;
  why: string;
}

export interface HostPlan {
  /** The host (NixOS configuration) of the graph; null for a repository with one unnamed host. */
  host: string | null;
  target: string;
  /** When the target is reached in the worst case; null: never. */
  worstCaseSec: number | null;
  /** From the first job to the target: each link is the job whose end decided the next one's. */
  criticalChain: ChainStep[];
  /** Every job of the transaction, by start time then name. */
  units: JobPlan[];
}

export function hostPlan(graph: DeployGraph, opts: TransactionOptions): HostPlan {
  const target = opts.target ?? graph.defaultTarget;
  return planOf(graph.host ?? null, target, transactionJobs(graph, opts));
}

export function planOf(host: string | null, target: string, jobs: readonly Job[]): HostPlan {
  const s = schedule(jobs);
  const t = s.jobs.get(target);
  const units = [...s.jobs.values()].sort((a, b) => order(a.startSec, b.startSec) || order(a.finishSec, b.finishSec) || (a.unit < b.unit ? -1 : 1));
  return { host, target, worstCaseSec: t?.readySec ?? null, criticalChain: chain(s.jobs, target), units };
}

/** Follows each job's cause back from the target. */
function chain(jobs: ReadonlyMap<string, JobPlan>, target: string): ChainStep[] {
  const out: ChainStep[] = [];
  const seen = new Set<string>();
  let cur = jobs.get(target);
  while (cur && !seen.has(cur.unit)) {
    seen.add(cur.unit);
    out.push({ unit: cur.unit, startSec: cur.startSec, readySec: cur.readySec, finishSec: cur.finishSec, why: stepWhy(cur) });
    cur = cur.cause ? jobs.get(cur.cause) : undefined;
  }
  return out.reverse();
}

function stepWhy(p: JobPlan): string {
  const parts = [p.why];
  if (p.blocksOn) parts.push(`blocks ${p.blockedSec === null ? 'forever' : `${p.blockedSec} s`} on ${p.blocksOn}`);
  else for (const w of p.waits) if (w.met === 'met' || w.met === 'unknown') parts.push(`waits on ${w.target} (${w.at}): ${w.how}`);
  if (p.fails) parts.push(`fails: ${p.fails}`);
  if (!p.durationKnown) parts.push('own run time unknown (counted as 0)');
  return parts.join('; ');
}

/** Times in order, never last. */
function order(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

/** Units of the plan that never start (never reached, or failed before running). */
export function neverStarted(plan: HostPlan): JobPlan[] {
  return plan.units.filter((u) => u.startSec === null);
}
