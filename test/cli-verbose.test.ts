/**
 * Notes about values deploy-lint could not know (nix-unknown) are printed only
 * with --verbose: they explain a missing finding, and are noise otherwise.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'deploy-lint.js');
const REPO = 'fixtures/nix-unknown-type-no-finding/repo';

function concise(...extra: string[]): string {
  const r = spawnSync(process.execPath, [BIN, REPO, '-f', 'concise', ...extra], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.stderr).toBe('');
  return r.stdout;
}

describe('--verbose', () => {
  it('hides nix-unknown notes by default and shows them with --verbose', () => {
    expect(concise()).not.toContain('[nix-unknown]');
    const verbose = concise('--verbose');
    expect(verbose).toContain('info [nix-unknown] systemd.services.deploy-proxy.serviceConfig.Type is unknown: Type= is left out');
  });
});
