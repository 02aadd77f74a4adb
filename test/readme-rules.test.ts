/** The README's rules table is the registry's (regenerate with `npm run docs:rules`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { replaceRulesTable } from '../src/cli/rule-docs.js';

it("README's rules table lists every registered id as the registry has it", () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  expect(readme, 'run `npm run docs:rules`').toBe(replaceRulesTable(readme));
});
