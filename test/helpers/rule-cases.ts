/**
 * Per-rule cases (RuleTester/Ruff style): `fixtures/rules/<id>/<case>/repo/` is a
 * little repository linted with only rule <id> selected (and the ids listed in
 * `select.json` beside the repo, for a case about two rules reporting one
 * cause). An `invalid-*` case has its findings beside the repo in
 * `expected.json` (path, effect and fixes included); a `valid-*` case has none. Regenerate expected.json after an
 * intended change with UPDATE_FIXTURES=1 and review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { compact, FIXTURES_DIR, where, type ExpectedFinding } from './fixtures.js';

export const RULE_CASES_DIR = join(FIXTURES_DIR, 'rules');

export interface RuleCase {
  id: string;
  name: string;
  valid: boolean;
  repo: string;
  expectedFile: string;
  /** Every id selected for the case: <id> first, then select.json's. */
  select: string[];
}

export function listRuleCases(): RuleCase[] {
  if (!existsSync(RULE_CASES_DIR)) return [];
  return readdirSync(RULE_CASES_DIR)
    .sort()
    .flatMap((id) =>
      readdirSync(join(RULE_CASES_DIR, id))
        .sort()
        .map((name) => {
          const dir = join(RULE_CASES_DIR, id, name);
          const also = existsSync(join(dir, 'select.json')) ? (JSON.parse(readFileSync(join(dir, 'select.json'), 'utf8')) as string[]) : [];
          return { id, name, valid: name.startsWith('valid-'), repo: join(dir, 'repo'), expectedFile: join(dir, 'expected.json'), select: [id, ...also] };
        }),
    );
}

/** A finding as a case expects it: the scenario fixtures' compact form with the effect and the fixes in full. */
export interface CaseFinding extends Omit<ExpectedFinding, 'timeoutSec'> {
  effect?: { summary: string; timeoutSec: number | null };
  fixes?: { description: string; applicability: string; edits?: string[] }[];
}

export function caseFinding(d: Diagnostic): CaseFinding {
  const { timeoutSec: _, ...out }: ExpectedFinding & CaseFinding = compact(d);
  if (d.effect) out.effect = { summary: d.effect.summary, timeoutSec: d.effect.timeoutSec };
  if (d.fixes.length) {
    out.fixes = d.fixes.map((f) => ({
      description: f.description,
      applicability: f.applicability,
      ...(f.edits?.length ? { edits: f.edits.map((e) => `${where(e.span)} => ${JSON.stringify(e.replacement)}`) } : {}),
    }));
  }
  return out;
}

export function readCaseExpected(c: RuleCase, actual: CaseFinding[]): CaseFinding[] {
  if (process.env.UPDATE_FIXTURES) writeFileSync(c.expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
  if (!existsSync(c.expectedFile)) throw new Error(`${c.id}/${c.name}: no expected.json beside repo/ (UPDATE_FIXTURES=1 writes it; review it)`);
  return JSON.parse(readFileSync(c.expectedFile, 'utf8')) as CaseFinding[];
}
