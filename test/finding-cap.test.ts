/**
 * At most FINDINGS_PER_FILE findings of one rule in one file, then one that
 * counts the rest (src/finding-cap.ts): a generated file with a hundred
 * thousand dangling After= lines must not cost gigabytes (issue 12, item 5).
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { runRule } from '../src/rule-engine.js';
import { FINDINGS_PER_FILE } from '../src/finding-cap.js';
import { DeployGraph } from '../src/graph/model.js';
import type { Rule, Severity } from '../rules/api.js';
import { span } from '../src/model/span.js';
import { tempRepo } from './helpers/temp-repo.js';

const N = FINDINGS_PER_FILE;

describe('findings per rule per file', () => {
  it('a file with more dangling references than the cap: the first ones by line, then one finding counting the rest', async () => {
    const extra = 150;
    const lines = Array.from({ length: N + extra }, (_, i) => `After=gone${i}.service`);
    const dir = tempRepo({
      'units/big.service': `[Unit]\n${lines.join('\n')}\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n`,
      'units/small.service': '[Unit]\nAfter=missing.service\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
    });
    const r = await lint({ paths: ['.'], cwd: dir });
    const big = r.diagnostics.filter((d) => d.rule === 'dangling-reference' && d.location.file === 'units/big.service');
    expect(big).toHaveLength(N + 1);
    // Lines 2 … N+1 hold the first N references: each listed with its exact span.
    expect(big.slice(0, N).map((d) => [d.location.line, d.location.column, d.location.endColumn])).toEqual(
      Array.from({ length: N }, (_, i) => [i + 2, 7, 7 + `gone${i}.service`.length]),
    );
    const rest = big[N]!;
    expect(rest.severity).toBe('warning');
    expect(rest.location.line).toBe(N + 2);
    expect(rest.message).toBe(`${extra} more dangling-reference findings in units/big.service not listed: a rule lists at most ${N} per file (the first by position); this is the first of the rest`);
    // Another file keeps its own findings.
    expect(r.diagnostics.filter((d) => d.location.file === 'units/small.service').map((d) => d.rule)).toEqual(['dangling-reference']);
  });

  it('keeps the same findings whatever order the rule reports them in; the count has the worst severity it stands for', () => {
    const reported = Array.from({ length: N + 3 }, (_, i) => ({ line: i + 1, severity: (i === N + 1 ? 'error' : 'info') as Severity }));
    const rule = (order: typeof reported): Rule => ({
      meta: { id: 'cap-probe', defaultSeverity: 'info', summary: 'probe', docs: { what: '', why: '', example: '', fix: '' } },
      check: ({ report }) => {
        for (const f of order) report({ message: `line ${f.line}`, subject: 'x', location: span('f.service', f.line, 1), severity: f.severity });
      },
    });
    const forward = runRule(rule(reported), new DeployGraph(), { defaultTimeoutStartSec: 90 });
    const backward = runRule(rule([...reported].reverse()), new DeployGraph(), { defaultTimeoutStartSec: 90 });
    expect(backward).toEqual(forward);
    expect(forward.slice(0, N).map((d) => d.location.line)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    // Lines N+1 … N+3 are left out, one of them an error: the count is an error, so the gate cannot pass.
    expect(forward.slice(N).map((d) => [d.severity, d.location.line, d.message.slice(0, 42)])).toEqual([['error', N + 1, '3 more cap-probe findings in f.service not']]);
  });
});
