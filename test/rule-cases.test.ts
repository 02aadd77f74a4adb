/**
 * Every finding id is documented, listed, explained and proven by its own
 * cases: `fixtures/rules/<id>/invalid-*` where it fires (the findings, with
 * path, effect and fixes, are in expected.json beside the repo) and
 * `fixtures/rules/<id>/valid-*` built to look like it where it stays silent.
 * Each case is linted with only that id selected (plus the ids of its
 * select.json). test/helpers/rule-cases.ts describes the layout.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../rules/api.js';
import { REGISTRY, RULES } from '../rules/registry.js';
import { lint } from '../src/lint.js';
import { explainRule, listRules } from '../src/cli/rule-docs.js';
import { caseFinding, listRuleCases, readCaseExpected, RULE_CASES_DIR } from './helpers/rule-cases.js';
import { unregisteredIds } from './helpers/fixtures.js';

/** Ids without an invalid case, each with the reason (and where it is proven instead). */
const NO_INVALID_CASE: Record<string, string> = {
  'internal-error': 'a failure of deploy-lint itself; an input that causes it is a bug to fix, not a case to keep',
  'input-limit': 'needs 256 MiB of input in one run, too large for a case (test/untrusted-containment.test.ts)',
};

const cases = listRuleCases();

describe('rule cases', () => {
  for (const c of cases) {
    it(`${c.id}/${c.name}`, async () => {
      const result = await lint({ paths: ['.'], cwd: c.repo, select: c.select });
      expect(unregisteredIds(result.diagnostics)).toEqual([]);
      const actual = result.diagnostics.map(caseFinding);
      if (c.valid) {
        expect(actual).toEqual([]);
        return;
      }
      expect(actual).toEqual(readCaseExpected(c, actual));
      expect(actual.length, 'an invalid case must fire').toBeGreaterThan(0);
      expect([...new Set(actual.map((f) => f.rule))], 'an invalid case is built for its rule alone').toEqual([c.id]);
      // A case selecting other ids is about one cause reported once: each of them, alone, fires here.
      for (const other of c.select.slice(1)) {
        const alone = await lint({ paths: ['.'], cwd: c.repo, select: [other] });
        expect(alone.diagnostics.filter((d) => d.rule === other).length, `${other} alone`).toBeGreaterThan(0);
      }
    });
  }
});

describe('rule catalog', () => {
  const known = new Set(REGISTRY.map((k) => k.id));

  it('case folders are named after registered ids, and cases are valid-* or invalid-*', () => {
    for (const id of readdirSync(RULE_CASES_DIR)) expect(known.has(id), `fixtures/rules/${id}`).toBe(true);
    for (const c of cases) expect(c.name, `${c.id}/${c.name}`).toMatch(/^(valid|invalid)-[a-z0-9-]+$/);
  });

  it('every rule defined in rules/ is in the registry (a new rule is its file, one registry line and its cases)', async () => {
    const dir = join(import.meta.dirname, '..', 'rules');
    const defined: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const mod = (await import(join(dir, file))) as Record<string, unknown>;
      for (const v of Object.values(mod)) {
        if (typeof v === 'object' && v !== null && 'meta' in v && typeof (v as Rule).check === 'function') defined.push((v as Rule).meta.id);
      }
    }
    expect(defined.sort()).toEqual(RULES.map((r) => r.meta.id).sort());
  });

  for (const kind of REGISTRY) {
    describe(kind.id, () => {
      it('has docs under the four headings, printed by explain and listed by rules', () => {
        for (const part of [kind.docs.what, kind.docs.why, kind.docs.example, kind.docs.fix]) expect(part.trim().length).toBeGreaterThan(10);
        const text = explainRule(kind.id)!;
        for (const h of ['## What it does', '## Why it is bad', '## Example', '## The fix']) expect(text).toContain(h);
        expect(listRules()).toContain(kind.id);
      });

      if (NO_INVALID_CASE[kind.id]) return;
      it('has an invalid case and a valid case', () => {
        const mine = cases.filter((c) => c.id === kind.id);
        expect(mine.filter((c) => !c.valid).map((c) => c.name), 'fixtures/rules/<id>/invalid-*').not.toEqual([]);
        expect(mine.filter((c) => c.valid).map((c) => c.name), 'fixtures/rules/<id>/valid-*').not.toEqual([]);
      });
    });
  }
});
