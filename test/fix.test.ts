/**
 * deploy-lint fix: each A1 option with edits turns a copy of examples/ci-host
 * into a repository that lints clean and differs from it only where
 * examples/ci-host-fix-N does (comments aside: the examples explain their fix);
 * --diff writes nothing; a fix that would not hold is refused and writes nothing;
 * links are never written through.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { lint } from '../src/lint.js';
import { memoryIO } from './helpers/memory-io.js';

const ROOT = join(import.meta.dirname, '..');
const A1 = 'health-gate-deadlock';

function copyOf(dir: string): string {
  const tmp = mkdtempSync(join(tmpdir(), 'deploy-lint-fix-test-'));
  cpSync(join(ROOT, dir), tmp, { recursive: true });
  return tmp;
}

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** The text without comment-only lines: the fixed examples say in comments why they changed. */
const code = (t: string): string => t.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');

describe('deploy-lint fix --rule health-gate-deadlock --option N on examples/ci-host', () => {
  for (const option of [1, 2, 3]) {
    it(`option ${option} gives a repository that lints clean and differs only where ci-host-fix-${option} does`, async () => {
      const dir = copyOf('examples/ci-host');
      const x = memoryIO(dir);
      expect(await main(['fix', '--rule', A1, '--option', String(option), '.'], x)).toBe(0);
      expect(x.err()).toBe('');
      expect(x.out()).toContain(`fixed ${A1} at scripts/warm_reconcile.py:34:23 with fix ${option}:`);
      expect((await lint({ paths: ['.'], cwd: dir })).diagnostics).toEqual([]);

      const original = files(join(ROOT, 'examples/ci-host'));
      const expected = files(join(ROOT, `examples/ci-host-fix-${option}`));
      const actual = files(dir);
      expect([...actual.keys()]).toEqual([...expected.keys()]);
      for (const [file, text] of actual) {
        if (expected.get(file) === original.get(file)) expect(text, file).toBe(original.get(file));
        else expect(code(text), file).toBe(code(expected.get(file)!));
      }
    });
  }

  it('--diff prints a unified diff and writes nothing', async () => {
    const dir = copyOf('examples/ci-host');
    const before = files(dir);
    const x = memoryIO(dir);
    expect(await main(['fix', '--rule', A1, '--option', '2', '--diff', '.'], x)).toBe(0);
    expect(x.out()).toBe(
      [
        '--- a/nix/modules/dashboard.nix',
        '+++ b/nix/modules/dashboard.nix',
        '@@ -6,7 +6,7 @@',
        ' {',
        '   systemd.services.deploy-dashboard = {',
        '     description = "Reconcile the dashboard stack";',
        '-    after = [ "swarm-init.service" "deploy-proxy.service" ];',
        '+    after = [ "swarm-init.service" ];',
        '     requires = [ "swarm-init.service" ];',
        '     wantedBy = [ "multi-user.target" ];',
        '     serviceConfig = {',
        '',
      ].join('\n'),
    );
    expect(x.err()).toContain('would edit 1 file; after the fix the repository lints to 0 errors, 0 warnings');
    expect(files(dir)).toEqual(before);
  });

  it('applies no unsafe fix unless asked: plain `fix` leaves the A1 finding and says how to apply it', async () => {
    const dir = copyOf('examples/ci-host');
    const before = files(dir);
    const x = memoryIO(dir);
    expect(await main(['fix', '.'], x)).toBe(1);
    expect(x.err()).toBe('nothing to fix: no finding has a fix to apply (1 with unsafe fixes: --unsafe-fixes, or --rule R --option N to choose one)\n');
    expect(files(dir)).toEqual(before);
    // --unsafe-fixes takes each finding's first unsafe fix: option 1 here.
    const y = memoryIO(dir);
    expect(await main(['fix', '--unsafe-fixes', '.'], y)).toBe(0);
    expect(y.out()).toContain('with fix 1:');
  });

  it('refuses a usage it cannot honour, in one line, exit 2', async () => {
    const x = memoryIO(ROOT);
    expect(await main(['fix', '--option', '2', 'examples/ci-host'], x)).toBe(2);
    expect(x.err()).toBe('deploy-lint: --option needs --rule: fix options are numbered per rule\n');
    const y = memoryIO(ROOT);
    expect(await main(['fix', '--rule', A1, '--option', '7', 'examples/ci-host'], y)).toBe(2);
    expect(y.err()).toBe(`deploy-lint: ${A1} at examples/ci-host/scripts/warm_reconcile.py:34:23 has 3 fix options, not 7\n`);
  });
});

describe('deploy-lint fix on unit files', () => {
  it('refuses, writing nothing, a fix whose result brings a new deadlock (option 3 when the dashboard gates on what the proxy routes)', async () => {
    const dir = copyOf('fixtures/deadlock-unit-files/repo');
    const before = files(dir);
    const x = memoryIO(dir);
    expect(await main(['fix', '--rule', A1, '--option', '3', '.'], x)).toBe(2);
    expect(x.err().split('\n')[0]).toBe('deploy-lint: fix refused, nothing written:');
    expect(x.err()).toContain('the fix would bring a new error: health-gate-deadlock at scripts/warm_reconcile.py:19:67');
    expect(files(dir)).toEqual(before);
  });

  it('option 3 adds Wants= and After= lines to the [Unit] section, or a drop-in when the unit file is a link', async () => {
    const dir = copyOf('fixtures/deadlock-unit-files/repo');
    // Without the dashboard's own gate (which the proxy routes), ordering the dashboard first is a fix.
    const script = join(dir, 'scripts/warm_reconcile.py');
    writeFileSync(script, readFileSync(script, 'utf8').replace('Spec(stack="stacks/dashboard.yml", health_domain="ci.commoninternet.net")', 'Spec(stack="stacks/dashboard.yml")'));
    const x = memoryIO(dir);
    expect(await main(['fix', '--rule', A1, '--option', '3', '--diff', '.'], x)).toBe(0);
    expect(x.out()).toContain(' After=docker.service\n Wants=docker.service\n+Wants=deploy-dashboard.service\n+After=deploy-dashboard.service\n \n [Service]');
    expect(x.out()).toContain('-After=deploy-proxy.service');

    // The proxy's unit file is a link: written through never; a drop-in beside it instead.
    const unit = join(dir, 'units/deploy-proxy.service');
    const real = join(dir, 'deploy-proxy.service.real');
    writeFileSync(real, readFileSync(unit, 'utf8'));
    unlinkSync(unit);
    symlinkSync('../deploy-proxy.service.real', unit);
    const y = memoryIO(dir);
    expect(await main(['fix', '--rule', A1, '--option', '3', '.'], y)).toBe(0);
    expect(readFileSync(join(dir, 'units/deploy-proxy.service.d/50-deploy-lint-order.conf'), 'utf8')).toBe('[Unit]\nWants=deploy-dashboard.service\nAfter=deploy-dashboard.service\n');
    expect(readFileSync(real, 'utf8')).toBe(readFileSync(join(ROOT, 'fixtures/deadlock-unit-files/repo/units/deploy-proxy.service'), 'utf8'));
    expect((await lint({ paths: ['.'], cwd: dir })).diagnostics.filter((d) => d.rule === A1)).toEqual([]);
    expect(existsSync(join(dir, 'units/deploy-dashboard.service'))).toBe(true);
  });
});

describe('deploy-lint fix with no choice: the safe fixes', () => {
  it('deletes a suppression comment that suppresses nothing, and leaves a used one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-fix-safe-'));
    mkdirSync(join(dir, 'units'));
    const unit = ['[Unit]', 'Description=A', '# deploy-lint-disable-next-line ordering-cycle -- there was a cycle here', 'After=network.target', '', '[Service]', 'ExecStart=/bin/true', '', '[Install]', 'WantedBy=multi-user.target', ''];
    writeFileSync(join(dir, 'units/a.service'), unit.join('\n'));
    const before = (await lint({ paths: ['.'], cwd: dir })).diagnostics;
    expect(before.map((d) => `${d.rule} ${d.fixes.map((f) => f.applicability).join(',')}`)).toEqual(['unused-suppression safe']);
    const x = memoryIO(dir);
    expect(await main(['fix', '.'], x)).toBe(0);
    expect(x.out()).toContain('fixed unused-suppression at units/a.service:3:1 with fix 1: delete the comment (line 3)');
    expect(readFileSync(join(dir, 'units/a.service'), 'utf8')).toBe(unit.filter((_, i) => i !== 2).join('\n'));
    expect((await lint({ paths: ['.'], cwd: dir })).diagnostics).toEqual([]);
  });
});
