/** docs/rules/: one page per finding id, the same text `deploy-lint explain` prints; nothing stale. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleDocPages } from '../scripts/gen-rule-docs.js';

const DIR = join(import.meta.dirname, '..', 'docs', 'rules');

describe('docs/rules', () => {
  it('has exactly one up-to-date page per finding id (regenerate: npm run gen:rule-docs)', () => {
    const pages = ruleDocPages();
    expect(readdirSync(DIR).sort()).toEqual([...pages.keys()].sort());
    for (const [name, text] of pages) expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(text);
  });
});
