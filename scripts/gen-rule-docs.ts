/**
 * Writes docs/rules/<id>.md, one page per finding id, from the same docs
 * `deploy-lint explain` prints. Editors link to these pages (the language
 * server's `codeDescription.href`); they ship in the package.
 *
 *   npm run build && node dist/scripts/gen-rule-docs.js
 *
 * test/rule-docs.test.ts fails when a page is missing or stale.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { explainRule } from '../src/cli/rule-docs.js';
import { allKinds } from '../src/config/kinds.js';
import { packageRoot } from '../src/package-root.js';

export function ruleDocPages(): Map<string, string> {
  return new Map(allKinds().map((k) => [`${k.id}.md`, `# ${explainRule(k.id)}`]));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = join(packageRoot(), 'docs', 'rules');
  mkdirSync(dir, { recursive: true });
  const pages = ruleDocPages();
  for (const old of readdirSync(dir)) if (!pages.has(old)) rmSync(join(dir, old));
  for (const [name, text] of pages) writeFileSync(join(dir, name), text);
}
