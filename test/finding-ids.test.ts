/**
 * Every finding id a run emits is in the registry (rules/registry.ts), and the
 * code that reports built-in findings names them by their exported constants.
 * Emitted ids are checked where fixtures, cases and examples are linted
 * (test/fixtures.test.ts, test/rule-cases.test.ts, test/example-ci-host.test.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../rules/registry.js';
import { BUILTIN_FINDINGS } from '../src/model/builtin-findings.js';

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function lineOf(text: string, at: number): string {
  return text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at));
}

describe('finding ids', () => {
  it('are unique and kebab-case', () => {
    const ids = REGISTRY.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  it('are never written as string literals where a finding is made or compared (import the constant)', () => {
    const builtin = new Set(BUILTIN_FINDINGS.map((k) => k.id));
    const offenders: string[] = [];
    for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'rules'))]) {
      if (file.endsWith(join('model', 'builtin-findings.ts'))) continue; // where the constants are defined
      const text = readFileSync(file, 'utf8');
      // Making a finding: any literal. Comparing or listing ids: a literal that is a built-in id (those have constants).
      for (const m of text.matchAll(/(?:simpleDiagnostic\(\s*|\brule:\s*)'([^']*)'/g)) offenders.push(`${relative(ROOT, file)}: '${m[1]}'`);
      for (const m of text.matchAll(/'([a-z]+(?:-[a-z0-9]+)+)'/g)) if (builtin.has(m[1]!) && !/\bid:|docs:|summary:|what:|why:|example:|fix:/.test(lineOf(text, m.index))) offenders.push(`${relative(ROOT, file)}: '${m[1]}'`);
    }
    expect(offenders).toEqual([]);
  });
});
