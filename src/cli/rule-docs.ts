/** `deploy-lint rules` and `deploy-lint explain RULE`: the rule docs, as text; docs/rules.md, as Markdown. */
import { ALL_KINDS } from '../../rules/index.js';

export function listRules(): string {
  const width = Math.max(...ALL_KINDS.map((r) => r.id.length));
  return `${ALL_KINDS.map((r) => `${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.summary}`).join('\n')}\n`;
}

export function explainRule(id: string): string | null {
  const r = ALL_KINDS.find((k) => k.id === id);
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
 * registry by test/docs-rules.test.ts.
 */
export function rulesMarkdown(): string {
  const out = [
    '# deploy-lint rules',
    '',
    'Generated from the rule registry (`deploy-lint explain RULE` prints the same); do not edit by hand:',
    '`UPDATE_DOCS=1 npx vitest run test/docs-rules.test.ts` rewrites it.',
    '',
  ];
  for (const r of ALL_KINDS) {
    const d = r.docs;
    out.push(`## ${r.id}`, '', `${r.summary}. Default severity: \`${r.defaultSeverity}\`.`, '', d.what, '', `**Why it is bad.** ${d.why}`, '', '**Example:**', '', '```', d.example, '```', '', `**The fix.** ${d.fix}`, '');
  }
  return out.join('\n');
}
