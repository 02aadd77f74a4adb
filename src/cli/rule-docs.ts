/** `deploy-lint rules`, `deploy-lint explain RULE` and the README's rule table: the registry's docs, as text; docs/rules.md, as Markdown. */
import { findKind, REGISTRY } from '../../rules/registry.js';

export function listRules(): string {
  const width = Math.max(...REGISTRY.map((r) => r.id.length));
  return `${REGISTRY.map((r) => `${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.summary}`).join('\n')}\n`;
}

export function explainRule(id: string): string | null {
  const r = findKind(id);
  if (!r) return null;
  const d = r.docs;
  return [
    `${r.id} (default severity: ${r.defaultSeverity})`,
    '',
    '## What it does',
    d.what,
    '',
    '## Why it is bad',
    d.why,
    '',
    '## Example',
    d.example.split('\n').map((l) => `    ${l}`).join('\n'),
    '',
    '## The fix',
    d.fix,
    '',
  ].join('\n');
}

/**
 * docs/rules.md: every finding id with its docs, one `## id` section each (the
 * anchor SARIF's helpUri points at, src/report/links.ts). Kept in step with the
 * registry by test/docs-rules.test.ts; `npm run docs:rules` writes it.
 */
export function rulesMarkdown(): string {
  const out = [
    '# deploy-lint rules',
    '',
    'Generated from the rule registry (`deploy-lint explain RULE` prints the same); do not edit by hand:',
    '`npm run docs:rules` rewrites it.',
    '',
  ];
  for (const r of REGISTRY) {
    const d = r.docs;
    out.push(`## ${r.id}`, '', `${r.summary}. Default severity: \`${r.defaultSeverity}\`.`, '', d.what, '', `**Why it is bad.** ${d.why}`, '', '**Example:**', '', '```', d.example, '```', '', `**The fix.** ${d.fix}`, '');
  }
  return out.join('\n');
}

/** The README's table of every finding id (`npm run docs:rules` writes it; test/docs-rules.test.ts checks it). */
export function rulesTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = REGISTRY.map((r) => `| \`${r.id}\` | ${r.defaultSeverity} | ${cell(r.summary)} |`);
  return ['| id | default | finds |', '|---|---|---|', ...rows].join('\n');
}

const TABLE_START = '<!-- rules table: generated from rules/registry.ts by `npm run docs:rules` -->\n';
const TABLE_END = '\n<!-- end of rules table -->';

/** The README with its rules table (between the two markers) rewritten from the registry. */
export function replaceRulesTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END, start);
  if (start < 0 || end < 0) throw new Error('README.md: the rules table markers are missing');
  return readme.slice(0, start + TABLE_START.length) + rulesTable() + readme.slice(end);
}
