/** docs/rules.md (what SARIF's helpUri links to) and the README's rules table say what the registry says, for every finding id (`npm run docs:rules` rewrites both). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allKinds } from '../src/config/kinds.js';
import { replaceRulesTable, rulesMarkdown } from '../src/cli/rule-docs.js';

const FILE = join(import.meta.dirname, '..', 'docs', 'rules.md');

describe('docs/rules.md', () => {
  it('is generated from the registry (npm run docs:rules, or UPDATE_DOCS=1, rewrites it)', () => {
    if (process.env.UPDATE_DOCS) writeFileSync(FILE, rulesMarkdown());
    expect(readFileSync(FILE, 'utf8')).toBe(rulesMarkdown());
  });

  it('has one section per finding id, the anchor helpUri names', () => {
    const headings = rulesMarkdown().split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    expect(headings).toEqual(allKinds().map((k) => k.id));
  });
});

it("README's rules table lists every registered id as the registry has it", () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  expect(readme, 'run `npm run docs:rules`').toBe(replaceRulesTable(readme));
});
