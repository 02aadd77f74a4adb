/**
 * `deploy-lint rules` / `explain` for the suppression kinds while
 * rules/index.ts's ALL_KINDS does not list them (src/explain.ts reads only
 * that list). Same layout as src/explain.ts.
 */
import { ALL_KINDS } from '../../rules/index.js';
import { SUPPRESSION_KINDS } from './kinds.js';

function extra() {
  return SUPPRESSION_KINDS.filter((k) => !ALL_KINDS.some((a) => a.id === k.id));
}

export function listExtraKinds(width: number): string {
  return extra()
    .map((r) => `${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.summary}\n`)
    .join('');
}

export function explainExtraKind(id: string): string | null {
  const r = extra().find((k) => k.id === id);
  if (!r) return null;
  const d = r.docs;
  const example = d.example.split('\n').map((l) => `    ${l}`).join('\n');
  return [`${r.id} (default severity: ${r.defaultSeverity})`, '', '## What it does', d.what, '', '## Why it is bad', d.why, '', '## Example', example, '', '## The fix', d.fix, ''].join('\n');
}
