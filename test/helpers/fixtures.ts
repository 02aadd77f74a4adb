/**
 * Fixtures are little deploy repos: `fixtures/<scenario>/repo/` holds the files,
 * `fixtures/<scenario>/expected.json` the findings in a compact, reviewable form.
 * Regenerate after an intended change with UPDATE_FIXTURES=1 and review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import type { Span } from '../../src/model/span.js';
import { knownIds } from '../../rules/registry.js';

export const FIXTURES_DIR = join(import.meta.dirname, '..', '..', 'fixtures');

export interface ExpectedFinding {
  rule: string;
  severity: string;
  subject: string;
  at: string;
  message: string;
  path?: string[];
  timeoutSec?: number | null;
  host?: string;
}

export function listFixtures(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((d) => existsSync(join(FIXTURES_DIR, d, 'repo')))
    .sort();
}

export function where(s: Span): string {
  return `${s.file}:${s.line}:${s.column}-${s.endLine}:${s.endColumn}`;
}

export function compact(d: Diagnostic): ExpectedFinding {
  const out: ExpectedFinding = { rule: d.rule, severity: d.severity, subject: d.subject, at: where(d.location), message: d.message };
  if (d.path.length) out.path = d.path.map((p) => `${where(p.location)} ${p.node} -${p.edge}-> ${p.explanation}`);
  if (d.effect) out.timeoutSec = d.effect.timeoutSec;
  if (d.host) out.host = d.host;
  return out;
}

export function readExpected(name: string, actual: ExpectedFinding[]): ExpectedFinding[] {
  const file = join(FIXTURES_DIR, name, 'expected.json');
  if (process.env.UPDATE_FIXTURES) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  return JSON.parse(readFileSync(file, 'utf8')) as ExpectedFinding[];
}

/** The ids among these findings that the registry does not know (there must be none). */
export function unregisteredIds(list: readonly Diagnostic[]): string[] {
  const known = knownIds();
  return [...new Set(list.map((d) => d.rule))].filter((id) => !known.has(id)).sort();
}
