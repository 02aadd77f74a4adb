/**
 * The README's install path works on a machine with only Node and npm:
 * `npm pack` in the clone, `npm install -g` of the tarball (into an empty
 * prefix here), and the installed `deploy-lint` finds the deadlock (exit 1).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 400_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('install from the npm pack tarball', () => {
  it('npm pack, npm install -g, deploy-lint examples/ci-host exits 1 on the deadlock', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'deploy-lint-install-'));
    const pack = run('npm', ['pack', '--pack-destination', tmp], ROOT);
    expect(pack.code, pack.err).toBe(0);
    const tarball = readdirSync(tmp).find((f) => /^deploy-lint-.*\.tgz$/.test(f));
    expect(tarball, pack.out).toBeDefined();
    expect(pack.out.trim().split('\n').pop()).toBe(tarball); // stdout ends with the name (pre-commit reads it)

    const prefix = join(tmp, 'prefix');
    const install = run('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', join(tmp, tarball!)], tmp);
    expect(install.code, install.err).toBe(0);
    expect(install.err).not.toMatch(/ERR!/);
    const bin = join(prefix, 'bin', 'deploy-lint');
    expect(existsSync(bin)).toBe(true);

    const lint = run(bin, [join(ROOT, 'examples', 'ci-host'), '--format', 'concise'], tmp);
    expect(lint.err).toBe('');
    expect(lint.code).toBe(1);
    expect(lint.out).toMatch(/error \[health-gate-deadlock\] deploy-proxy\.service waits on ci\.commoninternet\.net/);
    expect(run(bin, ['--version'], tmp).out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
