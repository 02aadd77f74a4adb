/**
 * Writes the README's table of finding ids from the registry (rules/registry.ts):
 *
 *   npm run docs:rules
 *
 * test/readme-rules.test.ts fails when the README and the registry disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/package-root.js';
import { replaceRulesTable } from '../src/cli/rule-docs.js';

const file = join(packageRoot(), 'README.md');
const before = readFileSync(file, 'utf8');
const after = replaceRulesTable(before);
if (after !== before) writeFileSync(file, after);
process.stdout.write(after === before ? 'README.md: rules table up to date\n' : 'README.md: rules table rewritten\n');
