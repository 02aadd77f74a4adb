/**
 * Paths in Nix evaluation messages (issue 12): a repository file is named from
 * the linted root, and a path outside every checkout (`/etc/nixos/…`) as it is,
 * so a finding reads the same whichever folder the repository is checked out in.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIO } from './helpers/memory-io.js';

function checkout(depth: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'deploy-lint-paths-')), ...Array.from({ length: depth }, (_, i) => `d${i}`));
  mkdirSync(join(dir, 'hosts', 'h'), { recursive: true });
  writeFileSync(
    join(dir, 'hosts', 'h', 'configuration.nix'),
    '{ ... }: {\n  imports = [ /etc/nixos/hardware-configuration.nix ];\n  systemd.services.x.script = builtins.readFile ./missing.sh;\n  systemd.services.y.script = toString (builtins.readDir ./configuration.nix);\n}\n',
  );
  return dir;
}

async function concise(dir: string): Promise<string> {
  const io = memoryIO(dir);
  await main(['.', '-f', 'concise'], io);
  return io.out();
}

describe('paths in Nix evaluation messages', () => {
  it('name repository files from the root and outside paths as written, the same in any checkout folder', async () => {
    const shallow = await concise(checkout(0));
    expect(shallow).toContain("opening file 'hosts/h/missing.sh'");
    expect(shallow).toContain("opening directory 'hosts/h/configuration.nix'");
    expect(shallow).toContain('import of /etc/nixos/hardware-configuration.nix: outside the linted folders');
    expect(shallow).not.toMatch(/\/tmp\/|\.\.\//);
    expect(await concise(checkout(3))).toBe(shallow);
  });
});
