/**
 * Notes about values deploy-lint could not know (nix-unknown) are printed only
 * with --verbose: they explain a missing finding, and are noise otherwise.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const REPO = 'fixtures/nix-unknown-type-no-finding/repo';

async function concise(...extra: string[]): Promise<string> {
  const r = await runCli([REPO, '-f', 'concise', ...extra]);
  expect(r.stderr).toBe('');
  return r.stdout;
}

describe('--verbose', () => {
  it('hides nix-unknown notes by default and shows them with --verbose', async () => {
    expect(await concise()).not.toContain('[nix-unknown]');
    const verbose = await concise('--verbose');
    expect(verbose).toContain('info [nix-unknown] systemd.services.deploy-proxy.serviceConfig.Type is unknown: Type= is left out');
  });
});
