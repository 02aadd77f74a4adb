/**
 * Baseline identity: rule, host, subject, path nodes and edge kinds — never
 * lines. Cycles are rotated to their smallest node; several findings with one
 * identity are counted.
 */
import { describe, expect, it } from 'vitest';
import { baselineFrom, matchBaseline, serializeBaseline } from '../src/baseline/baseline.js';
import { findingKey } from '../src/baseline/key.js';
import type { Diagnostic, PathStep } from '../src/model/diagnostic.js';
import { span } from '../src/model/span.js';

function step(node: string, line: number, edge = 'after'): PathStep {
  return { node, edge, location: span(`${node}`, line, 1), explanation: `${node} step` };
}

function diag(rule: string, subject: string, path: PathStep[], line = 1, host?: string): Diagnostic {
  const d: Diagnostic = { rule, severity: 'error', message: `${rule} at ${line}`, subject, location: span('f', line, 1), path, effect: null, fixes: [], docs: '' };
  if (host !== undefined) d.host = host;
  return d;
}

describe('finding identity', () => {
  it('ignores lines and messages', () => {
    const a = diag('health-gate-deadlock', 'u.service', [step('u.service', 3, 'runs'), step('spec:s.py#x', 9, 'gates-on')], 10);
    const b = diag('health-gate-deadlock', 'u.service', [step('u.service', 30, 'runs'), step('spec:s.py#x', 90, 'gates-on')], 99);
    expect(findingKey(a)).toEqual(findingKey(b));
    expect(findingKey(a)).toEqual({ rule: 'health-gate-deadlock', subject: 'u.service', path: ['u.service -runs->', 'spec:s.py#x -gates-on->'] });
  });

  it('rotates cycles to the smallest node', () => {
    const c1 = diag('ordering-cycle', 'b.service', [step('b.service', 1), step('c.service', 1), step('a.service', 1)]);
    const c2 = diag('ordering-cycle', 'a.service', [step('a.service', 5), step('b.service', 5), step('c.service', 5)]);
    expect(findingKey(c1)).toEqual(findingKey(c2));
    expect(findingKey(c1).path).toEqual(['a.service -after->', 'b.service -after->', 'c.service -after->']);
  });

  it('keeps hosts and edge kinds apart', () => {
    const base = [step('a', 1), step('b', 1)];
    expect(findingKey(diag('r', 'a', base, 1, 'h1'))).not.toEqual(findingKey(diag('r', 'a', base, 1, 'h2')));
    expect(findingKey(diag('r', 'a', base))).not.toEqual(findingKey(diag('r', 'a', [step('a', 1, 'wants'), step('b', 1)])));
  });
});

describe('matching', () => {
  it('counts findings with one identity; extra ones are fresh; missing ones are stale', () => {
    const p1 = diag('parse-error', 'x.nix', [], 3);
    const p2 = diag('parse-error', 'x.nix', [], 7);
    const cyc = diag('ordering-cycle', 'a', [step('a', 1), step('b', 1)]);
    const b = baselineFrom([p1, cyc]);
    expect(b.findings.find((e) => e.rule === 'parse-error')!.count).toBe(1);
    const m = matchBaseline([p1, p2], b);
    expect(m.baselined).toEqual([p1]);
    expect(m.fresh).toEqual([p2]);
    expect(m.stale.map((e) => e.rule)).toEqual(['ordering-cycle']);
    expect(m.pruned.findings.map((e) => e.rule)).toEqual(['parse-error']);
  });

  it('serialises sorted and stable', () => {
    const x = diag('z-rule', 'b', []);
    const y = diag('a-rule', 'a', []);
    expect(serializeBaseline(baselineFrom([x, y]))).toBe(serializeBaseline(baselineFrom([y, x])));
    expect(serializeBaseline(baselineFrom([x, y]))).toBe(
      '{\n  "version": 1,\n  "tool": "deploy-lint",\n  "findings": [\n    {\n      "rule": "a-rule",\n      "subject": "a",\n      "path": [],\n      "count": 1\n    },\n    {\n      "rule": "z-rule",\n      "subject": "b",\n      "path": [],\n      "count": 1\n    }\n  ]\n}\n',
    );
  });
});
