/**
 * The boot scheduler on generated job sets (fast-check): every job starts no
 * earlier than every job it is ordered after, and the worst case equals the
 * longest weighted path of the transaction, found here by enumerating every
 * path to the target (the weight of a job: the bound of a wait nothing can meet,
 * else its start timeout, else forever).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Job, JobGate } from '../src/boot/jobs.js';
import { planOf } from '../src/boot/plan.js';
import { schedule } from '../src/boot/schedule.js';

interface Spec {
  n: number;
  /** after[i]: indices < i that job i is ordered after. */
  after: number[][];
  /** Per job: no wait, a wait nothing can meet (bound), or one met by a unit ordered after it. */
  gate: ({ kind: 'stuck' | 'later'; bound: number | null } | null)[];
  timeout: (number | null)[];
}

const name = (i: number): string => `u${i}.service`;
const TARGET = 'boot.target';

const specArb = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    after: fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j)))),
    gate: fc.tuple(...Array.from({ length: n }, () => fc.option(fc.record({ kind: fc.constantFrom('stuck' as const, 'later' as const), bound: fc.option(fc.integer({ min: 1, max: 1000 })) }), { freq: 2 }))),
    timeout: fc.tuple(...Array.from({ length: n }, () => fc.option(fc.integer({ min: 1, max: 1000 }), { freq: 3 }))),
  }),
) as fc.Arbitrary<Spec>;

function jobsOf(s: Spec): Job[] {
  const jobs: Job[] = [];
  for (let i = 0; i < s.n; i++) {
    const g = s.gate[i];
    const followers = Array.from({ length: s.n }, (_, k) => k).filter((k) => orderedAfter(s, k, i));
    const gates: JobGate[] = [];
    if (g) {
      // A "later" wait is met only by a job ordered after this one; with none, it is one nothing serves at boot.
      const later = g.kind === 'later' ? followers.map(name) : [];
      gates.push({ target: `e${i}`, boundSec: g.bound, met: 'providers', providers: later, outside: later.length ? [] : ['elsewhere.service'], at: `x:${i}` });
    }
    jobs.push({
      id: name(i), repo: true,
      after: s.after[i]!.map((j) => ({ id: name(j), why: 'test' })),
      needs: [], gates, timeoutSec: s.timeout[i]!, timeoutWhy: 'test', durationKnown: true,
    });
  }
  jobs.push({ id: TARGET, repo: false, after: jobs.map((j) => ({ id: j.id, why: 'wants' })), needs: [], gates: [], timeoutSec: null, timeoutWhy: '', durationKnown: true });
  return jobs;
}

/** Is k (transitively) ordered after i? */
function orderedAfter(s: Spec, k: number, i: number): boolean {
  return s.after[k]!.some((j) => j === i || orderedAfter(s, j, i));
}

/** Weight of job i: how long its wait holds it (null: forever). */
function weight(s: Spec, i: number): number | null {
  const g = s.gate[i];
  if (!g) return 0;
  const t = s.timeout[i]!;
  return g.bound === null ? t : t === null ? g.bound : Math.min(g.bound, t);
}

/** Longest path ending at job i, by enumerating every path (null: some path holds a job that never ends). */
function longest(s: Spec, i: number): number | null {
  let best: number | null = 0;
  const walk = (k: number, sum: number | null): void => {
    const w = weight(s, k);
    const total = sum === null || w === null ? null : sum + w;
    if (s.after[k]!.length === 0) {
      best = best === null || total === null ? null : Math.max(best, total);
      return;
    }
    for (const j of s.after[k]!) walk(j, total);
  };
  walk(i, 0);
  return best;
}

describe('boot schedule on generated unit sets', () => {
  it('starts every job no earlier than the end of each job it is ordered after', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const jobs = jobsOf(s);
        const plan = schedule(jobs).jobs;
        for (const j of jobs) {
          const p = plan.get(j.id)!;
          for (const o of j.after) {
            const f = plan.get(o.id)!.finishSec;
            if (f === null) expect(p.startSec).toBeNull();
            else if (p.startSec !== null) expect(p.startSec).toBeGreaterThanOrEqual(f);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reaches the target at the longest weighted path of the transaction', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const plan = planOf(null, TARGET, jobsOf(s));
        let expected: number | null = 0;
        for (let i = 0; i < s.n; i++) {
          const l = longest(s, i);
          expected = expected === null || l === null ? null : Math.max(expected, l);
        }
        expect(plan.worstCaseSec).toBe(expected);
        // The critical chain ends at the target and its durations add up to the worst case.
        const chain = plan.criticalChain;
        expect(chain.at(-1)?.unit).toBe(TARGET);
        if (expected !== null) {
          const sum = chain.reduce((acc, c) => acc + ((c.finishSec ?? 0) - (c.startSec ?? 0)), 0);
          expect(sum).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('fails what Requires= a failed unit and is ordered after it; without After= it still starts', () => {
    const gate: JobGate = { target: 'e', boundSec: 30, met: 'providers', providers: [], outside: ['x.service'], at: 'x:1' };
    const base = { repo: true, gates: [] as JobGate[], timeoutSec: 90, timeoutWhy: 'test', durationKnown: true };
    const jobs: Job[] = [
      { ...base, id: 'a.service', after: [], needs: [], gates: [gate] },
      { ...base, id: 'b.service', after: [{ id: 'a.service', why: 'After=' }], needs: [{ id: 'a.service', kind: 'requires' }] },
      { ...base, id: 'c.service', after: [], needs: [{ id: 'a.service', kind: 'requires' }] },
      { ...base, id: 'd.service', after: [], needs: [{ id: 'a.service', kind: 'binds-to' }] },
    ];
    const p = schedule(jobs).jobs;
    expect(p.get('a.service')).toMatchObject({ startSec: 0, finishSec: 30, readySec: null });
    expect(p.get('b.service')).toMatchObject({ startSec: null, finishSec: 30, readySec: null });
    expect(p.get('b.service')!.fails).toContain('a.service failed');
    expect(p.get('c.service')).toMatchObject({ startSec: 0, readySec: 0, fails: null });
    expect(p.get('d.service')!.fails).toBe('stopped when a.service fails (BindsTo=)');
  });

  it('a wait met by a unit not ordered after it lasts until that unit is up; two units waiting on each other both time out', () => {
    const base = { repo: true, needs: [], timeoutWhy: 'test', durationKnown: true };
    const waitOn = (p: string, at: string): JobGate => ({ target: `${p}-endpoint`, boundSec: null, met: 'providers', providers: [p], outside: [], at });
    const slow: JobGate = { target: 'never', boundSec: 40, met: 'providers', providers: [], outside: ['z.service'], at: 's:1' };
    const jobs: Job[] = [
      { ...base, id: 'p.service', after: [], gates: [], timeoutSec: 90 },
      { ...base, id: 'q.service', after: [{ id: 'p.service', why: 'After=' }], gates: [], timeoutSec: 90 },
      { ...base, id: 'slow.service', after: [], gates: [slow], timeoutSec: null },
      { ...base, id: 'w.service', after: [{ id: 'slow.service', why: 'After=' }], gates: [], timeoutSec: 90 },
      // x waits on w, which is not ordered after x: w starts when slow gives up at 40 (After= without Requires=), so x waits until 40.
      { ...base, id: 'x.service', after: [], gates: [waitOn('w.service', 'x:1')], timeoutSec: 90 },
      { ...base, id: 'm.service', after: [], gates: [waitOn('n.service', 'm:1')], timeoutSec: 50 },
      { ...base, id: 'n.service', after: [], gates: [waitOn('m.service', 'n:1')], timeoutSec: 60 },
    ];
    const p = schedule(jobs).jobs;
    expect(p.get('x.service')).toMatchObject({ startSec: 0, finishSec: 40, readySec: 40, cause: 'w.service' });
    // m enters first (by name), n's wait on m finds m in progress and cannot be met: n times out; then m's wait on n cannot be met either.
    expect(p.get('n.service')).toMatchObject({ finishSec: 60, readySec: null });
    expect(p.get('m.service')).toMatchObject({ finishSec: 50, readySec: null });
  });
});
