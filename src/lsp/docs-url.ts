/** Where an editor's "open the rule's documentation" link goes: the rule's page shipped with the package. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../package-root.js';

export function ruleDocsUrl(rule: string): string {
  return pathToFileURL(join(packageRoot(), 'docs', 'rules', `${rule}.md`)).href;
}
