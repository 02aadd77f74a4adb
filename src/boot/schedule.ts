/**
 * The worst case of a cold boot, job by job (docs/architecture.md, "Boot plan";
 * man systemd.unit for After=/Requires=/BindsTo=, man systemd.service for Type=
 * and TimeoutStartSec=):
 *
 * - a job starts when every job it is ordered after is over (done or failed);
 * - its run time is its blocking waits: a wait met by a unit that is not ordered
 *   after it lasts until that unit is up; a wait nothing can meet (every unit
 *   that would meet it is ordered after it, or not in the boot) lasts the gate's
 *   own bound, else the unit's start timeout, else forever, and then the unit
 *   fails; the rest of its run time is unknown and counts as 0;
 * - a failed job fails what Requires= it and is ordered after it, and stops
 *   what BindsTo= it; a job ordered after one that never ends never starts.
 *
 * Times are seconds from the start of the boot transaction; null is "never".
 */
import type { Job, JobGate } from './jobs.js';

/** One blocking wait of a start job and how the plan meets it. */
export interface WaitPlan {
  target: string;
  /** Where the wait is written. */
  at: string;
  /** self: the unit brings it up itself; unknown: nothing in the repository serves it (assumed to answer); met: a unit not ordered after it is up; never: nothing can meet it. */
  met: 'self' | 'unknown' | 'met' | 'never';
  /** How, in words. */
  how: string;
}

export interface JobPlan {
  unit: string;
  /** Declared in the linted repository. */
  repo: boolean;
  /** When the job begins (null: never: it waits for a job that never ends, or a dependency failed). */
  startSec: number | null;
  /** When the unit is up (null: never). */
  readySec: number | null;
  /** When the job is over, done or failed: what units ordered after it wait for (null: never). */
  finishSec: number | null;
  /** The wait that holds the job up, in words; null when nothing does. */
  blocksOn: string | null;
  /** How long the job is held up by its waits (null: forever). */
  blockedSec: number | null;
  /** Why the unit fails, or null. */
  fails: string | null;
  durationKnown: boolean;
  /** Each blocking wait of the start job and how it is met, in words. */
  waits: WaitPlan[];
  /** Why the job starts (or is over) when it is: the job it waited for last. */
  why: string;
  /** The job whose end decided this one's: the next link of a critical chain. */
  cause: string | null;
}

export interface Schedule {
  jobs: Map<string, JobPlan>;
}

const NEVER = null;

/** max over times where null is "never" (infinite). */
function later(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.max(a, b);
}

function sooner(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

export function schedule(jobs: readonly Job[]): Schedule {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const done = new Map<string, JobPlan>();
  const inProgress = new Set<string>();
  const orderedAfterMemo = new Map<string, Set<string>>();
  const orderedBefore = new Map<string, string[]>();
  for (const j of jobs) {
    for (const o of j.after) {
      const list = orderedBefore.get(o.id);
      if (list) list.push(j.id);
      else orderedBefore.set(o.id, [j.id]);
    }
  }

  /** Every job that is (transitively) ordered after `id`: they cannot meet its waits. */
  const followers = (id: string): Set<string> => {
    let s = orderedAfterMemo.get(id);
    if (s) return s;
    s = new Set<string>();
    const stack = [id];
    while (stack.length) {
      for (const w of orderedBefore.get(stack.pop()!) ?? []) {
        if (!s.has(w)) {
          s.add(w);
          stack.push(w);
        }
      }
    }
    orderedAfterMemo.set(id, s);
    return s;
  };

  const plan = (id: string): JobPlan | null => {
    const hit = done.get(id);
    if (hit) return hit;
    if (inProgress.has(id)) return null; // a wait on a job that waits on this one: resolved by the caller
    const job = byId.get(id);
    if (!job) return null;
    inProgress.add(id);
    const p = compute(job);
    inProgress.delete(id);
    done.set(id, p);
    return p;
  };

  const compute = (job: Job): JobPlan => {
    const waits: WaitPlan[] = [];
    const base = { unit: job.id, repo: job.repo, durationKnown: job.durationKnown, blocksOn: null, blockedSec: 0, fails: null, waits };
    if (job.inCycle) {
      return { ...base, startSec: NEVER, readySec: NEVER, finishSec: NEVER, blockedSec: null, why: 'in an ordering cycle: systemd deletes one of its jobs to break it (see ordering-cycle)', cause: null };
    }
    // 1. Start: after every job it is ordered after.
    let start: number | null = 0;
    let cause: string | null = null;
    let why = 'nothing it is ordered after holds it';
    let best: { finish: number | null; job: Job } | null = null;
    for (const o of job.after) {
      const p = plan(o.id);
      if (!p) continue;
      const other = byId.get(o.id)!;
      const f = p.finishSec;
      if (!best || better(f, other, best.finish, best.job)) best = { finish: f, job: other };
      start = later(start, f);
    }
    if (best) {
      const o = job.after.find((x) => x.id === best!.job.id)!;
      cause = o.id;
      why = best.finish === null ? `waits for ${o.id}, which never ends (${o.why})` : `after ${o.id} (${o.why})`;
    }
    if (start === null) return { ...base, startSec: NEVER, readySec: NEVER, finishSec: NEVER, blockedSec: null, why, cause };

    // 2. A dependency that failed before it starts fails it (Requires=/BindsTo= with After=).
    for (const n of job.needs) {
      const p = done.get(n.id) ?? plan(n.id);
      if (!p || p.fails === null || !job.after.some((o) => o.id === n.id)) continue;
      return { ...base, startSec: NEVER, readySec: NEVER, finishSec: p.finishSec, fails: `${n.id} failed (${n.kind === 'requires' ? 'Requires=' : 'BindsTo='} with After=): the job fails without running`, why: `after ${n.id}, which fails`, cause: n.id };
    }

    // 3. Its blocking waits.
    let end: number | null = start;
    let endCause: string | null = null;
    let blocksOn: string | null = null;
    let stuck: { limit: number | null; gate: JobGate; what: string } | null = null;
    for (const g of job.gates) {
      if (g.met === 'self') waits.push({ target: g.target, at: g.at, met: 'self', how: `brought up by ${job.id} itself (part of its own run time)` });
      if (g.met === 'unknown') waits.push({ target: g.target, at: g.at, met: 'unknown', how: 'nothing in the repository serves it; assumed to answer' });
      if (g.met !== 'providers') continue;
      const after = followers(job.id);
      let metAt: number | null = NEVER;
      let by: string | null = null;
      for (const pid of g.providers) {
        if (pid === job.id || after.has(pid)) continue;
        const p = plan(pid);
        if (!p || p.readySec === null) continue;
        if (metAt === null || p.readySec < metAt) {
          metAt = p.readySec;
          by = pid;
        }
      }
      if (metAt !== null) {
        waits.push({ target: g.target, at: g.at, met: 'met', how: `met when ${by} is up at ${metAt} s (${by} is not ordered after ${job.id})` });
        if (metAt > (end ?? 0)) {
          end = metAt;
          endCause = by;
          blocksOn = `${g.target} (${g.at}) until ${by} is up`;
        }
        continue;
      }
      const limit = sooner(g.boundSec, job.timeoutSec);
      if (stuck && (limit === null || (stuck.limit !== null && stuck.limit <= limit))) continue;
      const what = whyStuck(g, job.id, after);
      waits.push({ target: g.target, at: g.at, met: 'never', how: `never met: ${what}` });
      stuck = { limit, gate: g, what };
    }
    let fails: string | null = null;
    let blockedSec: number | null = end === null ? null : end - start;
    if (stuck) {
      const g = stuck.gate;
      const source =
        stuck.limit === null
          ? `the gate has no bound and ${job.timeoutWhy}`
          : g.boundSec !== null && (job.timeoutSec === null || g.boundSec < job.timeoutSec)
            ? `the gate's own bound${g.boundWhy ? `, ${g.boundWhy}` : ''}`
            : job.timeoutWhy;
      blocksOn = `${g.target} (${g.at}): ${stuck.what}; ${source}`;
      end = stuck.limit === null ? NEVER : start + stuck.limit;
      blockedSec = stuck.limit;
      endCause = null;
      fails = stuck.limit === null ? null : `its wait on ${g.target} gives up after ${stuck.limit} s`;
    } else if (end !== null && job.timeoutSec !== null && end - start > job.timeoutSec) {
      end = start + job.timeoutSec;
      blockedSec = job.timeoutSec;
      fails = `times out after ${job.timeoutSec} s (${job.timeoutWhy}) waiting for ${blocksOn}`;
    }
    if (endCause) {
      cause = endCause;
      why = `waits until ${endCause} is up`;
    }

    // 4. BindsTo= without After=: stopped when the unit it is bound to fails.
    if (!fails) {
      for (const n of job.needs) {
        if (n.kind !== 'binds-to') continue;
        if (plan(n.id)?.fails) fails = `stopped when ${n.id} fails (BindsTo=)`;
      }
    }
    return { ...base, startSec: start, readySec: fails || end === null ? NEVER : end, finishSec: end, blocksOn, blockedSec, fails, why, cause };
  };

  for (const j of [...jobs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) plan(j.id);
  return { jobs: done };
}

/** Which of two predecessors decided a start: the later one; on a tie a repository unit, then the name. */
function better(f: number | null, j: Job, bestF: number | null, bestJ: Job): boolean {
  if (f !== bestF) return f === null || (bestF !== null && f > bestF);
  if (j.repo !== bestJ.repo) return j.repo;
  return j.id < bestJ.id;
}

function whyStuck(g: JobGate, self: string, after: ReadonlySet<string>): string {
  const later = g.providers.filter((p) => p !== self && after.has(p));
  if (later.length) return `${g.target} is served only by ${list(later)}, ordered after it`;
  if (g.outside.length) return `${g.target} is served by ${list(g.outside)}, which the boot does not start`;
  return `nothing that serves ${g.target} comes up first`;
}

function list(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}
