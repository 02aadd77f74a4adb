/** `deploy-lint rules` and `deploy-lint explain RULE`: the rule docs, as text. */
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
