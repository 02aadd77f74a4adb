/**
 * Inline suppressions in each format's comment syntax: next-line on the
 * primary location or any path step, file-wide, stacked directives, and the
 * reports about suppressions themselves (unused, unknown rule, no reason).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { commentLines, introducers } from '../src/suppress/comments.js';
import { parseDirectives } from '../src/suppress/directives.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { tempRepo } from './helpers/temp-repo.js';

const B = '[Unit]\nAfter=a.service\n[Install]\nWantedBy=multi-user.target\n';

async function run(files: Record<string, string>, opts: { select?: string[]; inlineSuppressions?: boolean } = {}) {
  const r = await lint({ paths: ['.'], cwd: tempRepo(files), ...opts });
  return {
    reported: r.diagnostics.map((d) => `${d.location.file}:${d.location.line} ${d.severity} ${d.rule}: ${d.message}`),
    suppressed: r.suppressed.map((d) => d.rule),
  };
}

describe('directive syntax', () => {
  it('parses rules, reasons and the target line (skipping stacked comments)', () => {
    const text = '# deploy-lint-disable-next-line a, b -- why -- not\n; deploy-lint-disable-next-line c\nAfter=x\n  # deploy-lint-disable d\n';
    const ds = parseDirectives('u.service', commentLines(text, introducers('unit', 'u.service')));
    expect(ds.map((d) => ({ scope: d.scope, rules: d.rules, reason: d.reason, target: d.target, col: d.span.column }))).toEqual([
      { scope: 'next-line', rules: ['a', 'b'], reason: 'why -- not', target: 3, col: 1 },
      { scope: 'next-line', rules: ['c'], reason: undefined, target: 3, col: 1 },
      { scope: 'file', rules: ['d'], reason: undefined, target: null, col: 3 },
    ]);
  });

  it('knows each format: `;` only in units, nothing in JSON', () => {
    expect(introducers('unit', 'a.service')).toEqual(['#', ';']);
    expect(introducers('nix', 'a.nix')).toEqual(['#']);
    expect(introducers('spec', 'a.json')).toEqual([]);
    expect(introducers('spec', 'a.toml')).toEqual(['#']);
    expect(commentLines('x = 1 # deploy-lint-disable a\n', ['#'])).toEqual([]); // trailing comments are not suppressions
    expect(parseDirectives('f', commentLines('# deploy-lint-disabled a\n', ['#']))).toEqual([]);
  });
});

describe('suppressing findings', () => {
  it('next-line on the primary location (unit `;` comment), with a reason: nothing reported', async () => {
    const r = await run({
      'a.service': '[Unit]\n; deploy-lint-disable-next-line ordering-cycle -- known, fixed by the migration in #12\nAfter=b.service\n[Install]\nWantedBy=multi-user.target\n',
      'b.service': B,
    });
    expect(r.suppressed).toEqual(['ordering-cycle']);
    expect(r.reported).toEqual([]);
  });

  it('next-line on another path step also counts', async () => {
    const r = await run({
      'a.service': '[Unit]\nAfter=b.service\n[Install]\nWantedBy=multi-user.target\n',
      'b.service': '[Unit]\n# deploy-lint-disable-next-line ordering-cycle -- b owns this edge\nAfter=a.service\n[Install]\nWantedBy=multi-user.target\n',
    });
    expect(r.suppressed).toEqual(['ordering-cycle']);
    expect(r.reported).toEqual([]);
  });

  it('in the Python script and in the stack YAML of the deadlock path', async () => {
    const fixture = join(FIXTURES_DIR, 'deadlock-unit-files', 'repo');
    const read = (p: string) => readFileSync(join(fixture, p), 'utf8');
    const base = Object.fromEntries(
      ['units/deploy-proxy.service', 'units/deploy-dashboard.service', 'scripts/warm_reconcile.py', 'stacks/dashboard.yml', 'stacks/proxy.yml'].map((p) => [p, read(p)]),
    );
    const py = base['scripts/warm_reconcile.py']!.replace(
      '    "traefik": Spec(',
      '    # deploy-lint-disable-next-line health-gate-deadlock -- the proxy gate is being moved to its own ping\n    "traefik": Spec(',
    );
    const inPython = await run({ ...base, 'scripts/warm_reconcile.py': py });
    expect(inPython.suppressed).toEqual(['health-gate-deadlock']);
    expect(inPython.reported.filter((l) => l.includes('health-gate-deadlock') || l.includes('suppression'))).toEqual([]);

    const yml = base['stacks/dashboard.yml']!.replace(
      '        traefik.http.routers.dashboard.rule:',
      '        # deploy-lint-disable-next-line health-gate-deadlock -- tracked in OPS-7\n        traefik.http.routers.dashboard.rule:',
    );
    const inYaml = await run({ ...base, 'stacks/dashboard.yml': yml });
    expect(inYaml.suppressed).toEqual(['health-gate-deadlock']);
  });

  it('in a NixOS module', async () => {
    const unit = (name: string, after: string, comment = '') =>
      `  systemd.services.${name} = {\n${comment}    after = [ "${after}.service" ];\n    wantedBy = [ "multi-user.target" ];\n    script = "true";\n  };\n`;
    const nix = `{ ... }:\n{\n${unit('a', 'b', '    # deploy-lint-disable-next-line ordering-cycle -- migrating, see #7\n')}${unit('b', 'a')}}\n`;
    const r = await run({ 'host.nix': nix });
    expect(r.suppressed).toEqual(['ordering-cycle']);
    expect(r.reported).toEqual([]);
    expect((await run({ 'host.nix': nix }, { inlineSuppressions: false })).reported.map((l) => l.split(' ')[2])).toEqual(['ordering-cycle:']);
  });

  it('file-wide', async () => {
    const r = await run({
      'a.service': '# deploy-lint-disable ordering-cycle -- legacy host, see RUNBOOK.md\n[Unit]\nAfter=b.service\n[Install]\nWantedBy=multi-user.target\n',
      'b.service': B,
    });
    expect(r.reported).toEqual([]);
  });

  it('a suppression without a reason still works, and is reported as info', async () => {
    const r = await run({
      'a.service': '[Unit]\n# deploy-lint-disable-next-line ordering-cycle\nAfter=b.service\n[Install]\nWantedBy=multi-user.target\n',
      'b.service': B,
    });
    expect(r.suppressed).toEqual(['ordering-cycle']);
    expect(r.reported).toEqual([
      'a.service:2 info suppression-without-reason: `deploy-lint-disable-next-line ordering-cycle` gives no reason; add ` -- why`',
    ]);
  });

  it('unused, misplaced and unknown-rule suppressions are reported at the comment', async () => {
    const r = await run({
      'a.service': '[Unit]\nAfter=b.service\n# deploy-lint-disable-next-line ordering-cycle -- wrong line\nDescription=x\n# deploy-lint-disable-next-line ordering-cylce -- typo\nDocumentation=man:x\n[Install]\nWantedBy=multi-user.target\n',
      'b.service': B,
    });
    expect(r.reported).toEqual([
      'a.service:2 error ordering-cycle: ordering cycle on the boot path: a.service after b.service after a.service',
      'a.service:3 warning unused-suppression: unused suppression: line 4 has no ordering-cycle finding',
      "a.service:5 warning unused-suppression: `deploy-lint-disable-next-line` names unknown rule 'ordering-cylce'; `deploy-lint rules` lists them",
    ]);
  });

  it('a suppression for a rule that did not run is not judged; --no-inline-suppressions ignores them all', async () => {
    const files = {
      'a.service': '[Unit]\n# deploy-lint-disable-next-line health-gate-deadlock, ordering-cycle -- r\nAfter=b.service\n[Install]\nWantedBy=multi-user.target\n',
      'b.service': B,
    };
    const selected = await run(files, { select: ['ordering-cycle'] });
    expect(selected.reported).toEqual([]);
    const all = await run(files);
    expect(all.reported).toEqual(['a.service:2 warning unused-suppression: unused suppression: line 3 has no health-gate-deadlock finding']);
    const off = await run(files, { inlineSuppressions: false });
    expect(off.reported.map((l) => l.split(' ')[2])).toEqual(['ordering-cycle:']);
  });
});
