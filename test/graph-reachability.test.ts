/**
 * reachability() (src/graph/algorithms/reachability.ts) answers what a
 * breadth-first search answers, on generated graphs with cycles, self-loops
 * and edges of other kinds; so do the components and closures, searched many
 * times over one graph (they reuse their working arrays between searches).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reachability } from '../src/graph/algorithms/reachability.js';
import { startClosure, transactionJobs, transactionJobsAmong } from '../src/graph/algorithms/closure.js';
import { stronglyConnected } from '../src/graph/algorithms/scc.js';
import { shortestPath } from '../src/graph/algorithms/paths.js';
import { DeployGraph, type EdgeKind } from '../src/graph/model.js';

const edgesArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.constantFrom<EdgeKind>('after', 'after', 'wants')), { maxLength: 30 }),
  }),
);

/** Nodes u0, u1, … with these edges. */
function graphOf(edges: readonly (readonly [number, number, EdgeKind])[]): DeployGraph {
  const g = new DeployGraph();
  const span = { file: 'x', line: 1, column: 1, endLine: 1, endColumn: 1 };
  for (const [a, b, kind] of edges) g.addEdge(`u${a}`, `u${b}`, kind, { span, explanation: '' });
  return g;
}

describe('reachability', () => {
  it('says a path exists exactly when a breadth-first search finds one', () => {
    fc.assert(
      fc.property(edgesArb, ({ n, edges }) => {
        const g = graphOf(edges);
        const reaches = reachability(g, ['after']);
        for (let a = 0; a < n; a++) {
          for (let b = 0; b < n; b++) {
            expect(reaches(`u${a}`, `u${b}`)).toBe(shortestPath(g, `u${a}`, `u${b}`, ['after']) !== null);
          }
        }
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});

describe('components and closures, many searches of one graph', () => {
  it('match what breadth-first searches within the same subsets find', () => {
    const subsetsArb = fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(edgesArb, subsetsArb, ({ n, edges }, subsets) => {
        const g = graphOf(edges);
        for (const pick of subsets) {
          const inside = new Set(Array.from({ length: n }, (_, i) => `u${i}`).filter((_, i) => pick[i]));
          const reaches = (a: string, b: string): boolean => shortestPath(g, a, b, ['after'], inside) !== null;
          const expected: string[][] = [];
          for (const v of [...inside].sort()) {
            if (expected.some((c) => c.includes(v))) continue;
            const comp = [...inside].filter((w) => reaches(v, w) && reaches(w, v)).sort();
            if (comp.length > 1 || g.edge(v, v, 'after')) expected.push(comp);
          }
          expect(stronglyConnected(g, inside, ['after'])).toEqual(expected.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
          for (const v of inside) {
            const closure = [...startClosure(g, v)].sort();
            const bfs = Array.from({ length: n }, (_, i) => `u${i}`).filter((w) => w === v || shortestPath(g, v, w, ['wants']) !== null);
            expect(closure).toEqual(bfs.sort());
          }
        }
      }),
      { seed: 15, numRuns: 200 },
    );
  });
});

describe('transactionJobsAmong', () => {
  it('is transactionJobs() within the set asked about, for every anchor and subset', () => {
    const kindsArb = fc.constantFrom<EdgeKind>('wants', 'requires', 'requisite', 'installs', 'after');
    const graphArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.record({ n: fc.constant(n), edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), kindsArb), { maxLength: 30 }) }),
    );
    const subsetsArb = fc.array(fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(graphArb, subsetsArb, ({ n, edges }, subsets) => {
        const g = graphOf(edges);
        // u12 is never a node: an anchor the graph does not have is its own transaction.
        const all = Array.from({ length: 13 }, (_, i) => `u${i}`);
        for (const pick of subsets) {
          const among = new Set(all.filter((_, i) => pick[i]));
          for (const anchor of all) {
            const expected = [...transactionJobs(g, anchor)].filter((id) => among.has(id)).sort();
            expect([...transactionJobsAmong(g, anchor, among)].sort()).toEqual(expected);
          }
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
