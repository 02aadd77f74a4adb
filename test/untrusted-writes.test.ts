/**
 * Writes (issue 12): reports, baselines and Drone cards go to a temporary
 * file beside the target and are renamed over it; a target the repository
 * planted as a link is refused with one line and exit 2, and the file it
 * points to is untouched.
 */
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIO } from './helpers/memory-io.js';

function repo(): { dir: string; victim: string } {
  const base = mkdtempSync(join(tmpdir(), 'deploy-lint-writes-'));
  const victim = join(base, 'bashrc');
  writeFileSync(victim, '# must survive\n');
  const dir = join(base, 'repo');
  mkdirSync(join(dir, 'units'), { recursive: true });
  writeFileSync(join(dir, 'units', 'a.service'), '[Unit]\nAfter=b.service\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n');
  writeFileSync(join(dir, 'units', 'b.service'), '[Unit]\nAfter=a.service\nWants=a.service\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n');
  return { dir, victim };
}

describe('writes', () => {
  it('--output-file through a planted link: refused, exit 2, one line, the target untouched', async () => {
    const { dir, victim } = repo();
    symlinkSync(victim, join(dir, 'deploy-lint.sarif'));
    const io = memoryIO(dir);
    expect(await main(['.', '-f', 'sarif', '-o', 'deploy-lint.sarif'], io)).toBe(2);
    expect(io.err()).toBe('deploy-lint: cannot write deploy-lint.sarif: deploy-lint.sarif is a symbolic link: not written through\n');
    expect(readFileSync(victim, 'utf8')).toBe('# must survive\n');
  });

  it('baseline create and the Drone card through planted links: refused the same way', async () => {
    const { dir, victim } = repo();
    symlinkSync(victim, join(dir, '.deploy-lint-baseline.json'));
    symlinkSync(victim, join(dir, 'card.json'));
    const a = memoryIO(dir);
    expect(await main(['baseline', 'create'], a)).toBe(2);
    expect(a.err()).toMatch(/^deploy-lint: cannot write \.deploy-lint-baseline\.json: .* symbolic link: not written through\n$/);
    const b = memoryIO(dir, { DRONE: 'true', DRONE_CARD_PATH: 'card.json' });
    expect(await main(['.'], b)).toBe(2);
    expect(b.err()).toMatch(/^deploy-lint: cannot write card\.json: .* symbolic link: not written through\n$/);
    expect(readFileSync(victim, 'utf8')).toBe('# must survive\n');
  });

  it('an output folder that is a planted link is not written through either', async () => {
    const { dir } = repo();
    const elsewhere = mkdtempSync(join(tmpdir(), 'deploy-lint-elsewhere-'));
    symlinkSync(elsewhere, join(dir, 'reports'));
    const io = memoryIO(dir);
    expect(await main(['.', '-f', 'json', '-o', 'reports/out.json'], io)).toBe(2);
    expect(io.err()).toMatch(/^deploy-lint: cannot write reports\/out\.json: .*reports is a symbolic link: not written through\n$/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('a regular target is replaced whole by a rename, leaving no temporary file', async () => {
    const { dir } = repo();
    writeFileSync(join(dir, 'out.json'), 'old');
    const io = memoryIO(dir);
    expect(await main(['.', '-f', 'json', '-o', 'out.json'], io)).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toHaveProperty('diagnostics');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a target that cannot be a file (/dev/full) is one line and exit 2, not an internal error', async () => {
    const { dir } = repo();
    const io = memoryIO(dir);
    expect(await main(['.', '-f', 'concise', '-o', '/dev/full'], io)).toBe(2);
    expect(io.err()).toBe('deploy-lint: cannot write /dev/full: /dev/full is not a regular file: not written\n');
  });
});

describe('a gate that checks nothing does not pass', () => {
  it('--host naming no host, --changed-only with no file, and nothing to lint: exit 2 naming what exists', async () => {
    const { dir } = repo();
    mkdirSync(join(dir, 'hosts', 'web'), { recursive: true });
    writeFileSync(join(dir, 'hosts', 'web', 'configuration.nix'), '{ ... }: { systemd.services.x.script = "true"; }');
    const a = memoryIO(dir);
    expect(await main(['.', '--host', 'nosuch'], a)).toBe(2);
    expect(a.err()).toBe('deploy-lint: --host nosuch: no such host; the hosts are: web\n');
    // A module no host imports is read on its own: --host takes its path, but it is not listed as a host.
    mkdirSync(join(dir, 'modules'));
    writeFileSync(join(dir, 'modules', 'extra.nix'), '{ ... }: { systemd.services.y.script = "true"; }');
    const m = memoryIO(dir);
    expect(await main(['.', '--host', 'nosuch'], m)).toBe(2);
    expect(m.err()).toBe('deploy-lint: --host nosuch: no such host; the hosts are: web (--host also takes a module read on its own: modules/extra.nix)\n');
    const n = memoryIO(dir);
    expect(await main(['.', '--host', 'modules/extra.nix'], n)).not.toBe(2);
    expect(n.err()).toBe('');
    const b = memoryIO(dir);
    expect(await main(['.', '--changed-only'], b)).toBe(2);
    expect(b.err()).toMatch(/^deploy-lint: --changed-only: no file given/);
    const empty = mkdtempSync(join(tmpdir(), 'deploy-lint-empty-'));
    writeFileSync(join(empty, 'README.md'), 'nothing here\n');
    const c = memoryIO(empty);
    expect(await main(['.'], c)).toBe(2);
    expect(c.err()).toMatch(/^deploy-lint: nothing to lint in \.: no unit/);
  });
});
