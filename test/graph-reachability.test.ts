/**
 * reachability() (src/graph/algorithms/reachability.ts) answers what a
 * breadth-first search answers, on generated graphs with cycles, self-loops
 * and edges of other kinds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reachability } from '../src/graph/algorithms/reachability.js';
import { shortestPath } from '../src/graph/algorithms/paths.js';
import { DeployGraph, type EdgeKind } from '../src/graph/model.js';

const edgesArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.constantFrom<EdgeKind>('after', 'after', 'wants')), { maxLength: 30 }),
  }),
);

describe('reachability', () => {
  it('says a path exists exactly when a breadth-first search finds one', () => {
    fc.assert(
      fc.property(edgesArb, ({ n, edges }) => {
        const g = new DeployGraph();
        const span = { file: 'x', line: 1, column: 1, endLine: 1, endColumn: 1 };
        for (const [a, b, kind] of edges) g.addEdge(`u${a}`, `u${b}`, kind, { span, explanation: '' });
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
