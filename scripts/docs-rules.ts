/**
 * Writes the README's table of finding ids and docs/rules.md from the registry
 * (rules/registry.ts):
 *
 *   npm run docs:rules
 *
 * test/readme-rules.test.ts and test/docs-rules.test.ts fail when they and the registry disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/package-root.js';
import { replaceRulesTable, rulesMarkdown } from '../src/cli/rule-docs.js';

function update(file: string, make: (before: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = make(before);
  if (after !== before) writeFileSync(file, after);
  process.stdout.write(`${file}: ${after === before ? 'up to date' : 'rewritten'}\n`);
}

update(join(packageRoot(), 'README.md'), replaceRulesTable);
update(join(packageRoot(), 'docs', 'rules.md'), () => rulesMarkdown());
