/**
 * A real editor's LSP client: headless Neovim (Debian's `neovim`, 0.7) starts
 * `deploy-lint lsp`, attaches it to the opened Nix module, and what
 * `vim.diagnostic.get()` then holds is read back. .ci/run installs neovim.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, type Cli } from '../cli-build.js';

const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

interface NvimDiagnostic {
  file: string;
  lnum: number;
  col: number;
  severity: number;
  code: string;
  source: string;
  message: string;
}

describe.skipIf(!hasNvim)('Neovim as the client', () => {
  let cli: Cli;
  beforeAll(() => {
    cli = buildCli('nvim');
  }, 300_000);
  afterAll(() => cli?.dispose());

  it('shows the A1 finding in the opened dashboard.nix at both of its path steps, and in the other files of the path', () => {
    const repo = mkdtempSync(join(tmpdir(), 'deploy-lint-nvim-'));
    cpSync(join(ROOT, 'examples', 'ci-host'), repo, { recursive: true });
    const out = join(repo, '..', `${repo.split('/').pop()}-diagnostics.json`);
    try {
      const r = spawnSync('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${join(ROOT, 'test', 'data', 'neovim', 'diagnostics.lua')}`], {
        cwd: repo,
        env: { ...process.env, REPO: repo, OPEN: 'nix/modules/dashboard.nix', OUT: out, LSP_CMD: [process.execPath, cli.entry, 'lsp'].join('\t') },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const got = JSON.parse(readFileSync(out, 'utf8')) as { ok: boolean; diagnostics: NvimDiagnostic[] };
      if (process.env.DEPLOY_LINT_LSP_TRANSCRIPT) process.stdout.write(`${JSON.stringify(got, null, 2)}\n`);
      expect(got.ok).toBe(true);
      const a1 = got.diagnostics.filter((d) => d.code === 'health-gate-deadlock');
      expect(a1.map((d) => `${d.file}:${d.lnum}:${d.col}`).sort()).toEqual(
        ['nix/modules/dashboard.nix:16:28', 'nix/modules/dashboard.nix:9:37', 'nix/modules/proxy.nix:17:28', 'scripts/warm_reconcile.py:34:23', 'stacks/dashboard.yml:13:52'].sort(),
      );
      for (const d of a1) {
        expect(d.severity).toBe(1);
        expect(d.source).toBe('deploy-lint');
        expect(d.message).toContain('deploy-proxy.service waits on ci.commoninternet.net');
      }
    } finally {
      rmSync(repo, { recursive: true, force: true });
      rmSync(out, { force: true });
    }
  });
});
