/**
 * Every rule is documented (what, why, example, fix), listed, explained, and
 * proven by fixtures: at least one where it fires and one, named in that
 * fixture's silent.txt, built to look like it but where it stays silent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY as ALL_KINDS, RULES } from '../rules/registry.js';
import { explainRule, listRules } from '../src/cli/rule-docs.js';
import { FIXTURES_DIR, listFixtures, type ExpectedFinding } from './helpers/fixtures.js';

const fixtures = listFixtures().map((name) => {
  const expected = JSON.parse(readFileSync(join(FIXTURES_DIR, name, 'expected.json'), 'utf8')) as ExpectedFinding[];
  const silentFile = join(FIXTURES_DIR, name, 'silent.txt');
  const silent = existsSync(silentFile) ? readFileSync(silentFile, 'utf8').split(/\s+/).filter(Boolean) : [];
  return { name, fired: new Set(expected.map((e) => e.rule)), silent };
});

describe('rule catalog', () => {
  it('ids are unique and kebab-case', () => {
    const ids = ALL_KINDS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  for (const { meta: rule } of RULES) {
    describe(rule.id, () => {
      it('has docs under the four headings, printed by explain and listed by rules', () => {
        for (const part of [rule.docs.what, rule.docs.why, rule.docs.example, rule.docs.fix]) expect(part.trim().length).toBeGreaterThan(10);
        const text = explainRule(rule.id)!;
        for (const h of ['## What it does', '## Why it is bad', '## Example', '## The fix']) expect(text).toContain(h);
        expect(listRules()).toContain(rule.id);
      });

      it('fires in a fixture', () => {
        expect(fixtures.filter((f) => f.fired.has(rule.id)).map((f) => f.name)).not.toEqual([]);
      });

      it('stays silent in a fixture built for it', () => {
        const silent = fixtures.filter((f) => f.silent.includes(rule.id));
        expect(silent.map((f) => f.name)).not.toEqual([]);
        for (const f of silent) expect(f.fired.has(rule.id), `${rule.id} fires in ${f.name}`).toBe(false);
      });
    });
  }

  it('silent.txt names only known rules', () => {
    const known = new Set(ALL_KINDS.map((r) => r.id));
    for (const f of fixtures) for (const id of f.silent) expect(known.has(id), `${f.name}/silent.txt: ${id}`).toBe(true);
  });
});
