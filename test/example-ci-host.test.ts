/**
 * The example deploy host: examples/ci-host reproduces A1
 * exactly (one health-gate-deadlock, the path README's example shows), and each of
 * the three fixes lints clean. The human and JSON outputs are pinned as files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { jsonReporter } from '../src/report/json.js';
import { stylishReporter } from '../src/report/stylish.js';
import type { ReportInput } from '../src/report/reporter.js';
import { unregisteredIds } from './helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..');

async function report(example: string): Promise<{ input: ReportInput; diagnostics: ReportInput['diagnostics'] }> {
  const result = await lint({ paths: [`examples/${example}`], cwd: ROOT });
  expect(unregisteredIds(result.diagnostics), 'ids the registry does not know').toEqual([]);
  const input: ReportInput = {
    diagnostics: result.diagnostics,
    fileCount: result.files.length,
    toolVersion: '0.0.0-test',
    sourceLine: (file, line) => readFileSync(join(ROOT, file), 'utf8').split('\n')[line - 1],
    color: false,
  };
  return { input, diagnostics: result.diagnostics };
}

describe('examples/ci-host', () => {
  it('reproduces A1: deploy-proxy waits on ci.commoninternet.net, served only by deploy-dashboard, ordered after it', async () => {
    const { input, diagnostics } = await report('ci-host');
    expect(diagnostics.map((d) => d.rule)).toEqual(['health-gate-deadlock']);
    const d = diagnostics[0]!;
    expect(d.subject).toBe('deploy-proxy.service');
    expect(d.host).toBe('ci');
    expect(d.effect).toEqual({
      summary: 'on a cold boot deploy-proxy.service blocks for TimeoutStartSec=900 (15 min), then fails; deploy-dashboard.service starts only then',
      timeoutSec: 900,
    });
    expect(d.path.map((p) => `${p.location.file}:${p.location.line} ${p.edge}`)).toEqual([
      'examples/ci-host/nix/modules/proxy.nix:17 runs',
      'examples/ci-host/scripts/warm_reconcile.py:34 gates-on',
      'examples/ci-host/stacks/dashboard.yml:13 serves',
      'examples/ci-host/nix/modules/dashboard.nix:16 deploys',
      'examples/ci-host/nix/modules/dashboard.nix:9 after',
    ]);
    // Fix 2 is one text edit: the list element that orders the dashboard after the proxy.
    const edit = d.fixes[1]!.edits![0]!;
    const line = readFileSync(join(ROOT, edit.span.file), 'utf8').split('\n')[edit.span.line - 1]!;
    expect(line.slice(edit.span.column - 1, edit.span.endColumn - 1).trim()).toBe('"deploy-proxy.service"');
    // Each option is an edit (options 1 and 3 derived from the files, src/fix/derive/), and each changes
    // what the boot does: unsafe, applied only when chosen (deploy-lint fix --rule … --option N).
    expect(d.fixes.map((f) => f.applicability)).toEqual(['unsafe', 'unsafe', 'unsafe']);
    expect(d.fixes[2]!.edits!.map((e) => `${e.span.file}:${e.span.line}:${e.span.column}`)).toEqual([
      'examples/ci-host/nix/modules/dashboard.nix:9:35',
      'examples/ci-host/nix/modules/proxy.nix:9:35',
      'examples/ci-host/nix/modules/proxy.nix:9:1',
    ]);
    await expect(stylishReporter(input)).toMatchFileSnapshot('snapshots/ci-host.stylish.txt');
    await expect(jsonReporter(input)).toMatchFileSnapshot('snapshots/ci-host.json');
  });

  for (const fix of ['ci-host-fix-1', 'ci-host-fix-2', 'ci-host-fix-3']) {
    it(`${fix} lints clean`, async () => {
      const { diagnostics } = await report(fix);
      expect(diagnostics).toEqual([]);
    });
  }
});
