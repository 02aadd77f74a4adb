/**
 * Per-rule cases (RuleTester/Ruff style): `fixtures/rules/<id>/<case>/repo/` is a
 * little repository linted with only rule <id> selected. An `invalid-*` case has
 * its findings beside the repo in `expected.json` (path, effect and fixes
 * included); a `valid-*` case has none. Regenerate expected.json after an
 * intended change with UPDATE_FIXTURES=1 and review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { FIXTURES_DIR, where } from './fixtures.js';

export const RULE_CASES_DIR = join(FIXTURES_DIR, 'rules');

export interface RuleCase {
  id: string;
  name: string;
  valid: boolean;
  repo: string;
  expectedFile: string;
}

export function listRuleCases(): RuleCase[] {
  if (!existsSync(RULE_CASES_DIR)) return [];
  return readdirSync(RULE_CASES_DIR)
    .sort()
    .flatMap((id) =>
      readdirSync(join(RULE_CASES_DIR, id))
        .sort()
        .map((name) => ({ id, name, valid: name.startsWith('valid-'), repo: join(RULE_CASES_DIR, id, name, 'repo'), expectedFile: join(RULE_CASES_DIR, id, name, 'expected.json') })),
    );
}

/** A finding as a case expects it: everything a user sees, spans as file:line:col-line:col. */
export interface CaseFinding {
  rule: string;
  severity: string;
  subject: string;
  at: string;
  message: string;
  path?: string[];
  effect?: { summary: string; timeoutSec: number | null };
  fixes?: { description: string; applicability: string; edits?: string[] }[];
  host?: string;
}

export function caseFinding(d: Diagnostic): CaseFinding {
  const out: CaseFinding = { rule: d.rule, severity: d.severity, subject: d.subject, at: where(d.location), message: d.message };
  if (d.path.length) out.path = d.path.map((p) => `${where(p.location)} ${p.node} -${p.edge}-> ${p.explanation}`);
  if (d.effect) out.effect = { summary: d.effect.summary, timeoutSec: d.effect.timeoutSec };
  if (d.fixes.length) {
    out.fixes = d.fixes.map((f) => ({
      description: f.description,
      applicability: f.applicability,
      ...(f.edits?.length ? { edits: f.edits.map((e) => `${where(e.span)} => ${JSON.stringify(e.replacement)}`) } : {}),
    }));
  }
  if (d.host) out.host = d.host;
  return out;
}

export function readCaseExpected(c: RuleCase, actual: CaseFinding[]): CaseFinding[] {
  if (process.env.UPDATE_FIXTURES) writeFileSync(c.expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
  if (!existsSync(c.expectedFile)) throw new Error(`${c.id}/${c.name}: no expected.json beside repo/ (UPDATE_FIXTURES=1 writes it; review it)`);
  return JSON.parse(readFileSync(c.expectedFile, 'utf8')) as CaseFinding[];
}
