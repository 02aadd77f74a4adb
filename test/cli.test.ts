/**
 * The command line (in-process, test/helpers/cli.ts): formats and their pairing with output files,
 * exit codes (--fail-on, --max-warnings, --exit-zero, usage errors), the
 * config and baseline commands, --changed-only, graph and why.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';


/** A copy of a fixture repo, so tests can edit it. */
function repoCopy(fixture: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-cli-'));
  cpSync(join(FIXTURES_DIR, fixture, 'repo'), dir, { recursive: true });
  for (const [p, text] of Object.entries(extra)) writeFileSync(join(dir, p), text);
  return dir;
}

const DEADLOCK = 'scripts/warm_reconcile.py:18:61: error [health-gate-deadlock] deploy-proxy.service waits on ci.commoninternet.net, which is served only by a unit ordered after it';

/** Only warnings: an ordering cycle that the config turns into a warning. */
function warningsOnlyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-cli-'));
  writeFileSync(join(dir, 'a.service'), '[Unit]\nAfter=b.service\n[Install]\nWantedBy=multi-user.target\n');
  writeFileSync(join(dir, 'b.service'), '[Unit]\nAfter=a.service\n[Install]\nWantedBy=multi-user.target\n');
  writeFileSync(join(dir, 'deploy-lint.config.json'), '{ "rules": { "ordering-cycle": "warn" } }\n');
  return dir;
}

describe('lint command', () => {
  it('concise: one line per finding, exit 1 on an error', async () => {
    const r = await runCli(['--format', 'concise'], { cwd: repoCopy('deadlock-unit-files') });
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(DEADLOCK);
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^[^:]+:\d+:\d+: (error|warning|info) \[[a-z-]+\] /);
    expect(lines.at(-1)).toMatch(/^1 error, \d+ warnings?, \d+ info in 5 files$/);
    expect(r.stderr).toBe('');
  });

  it('writes several formats in one run: each --output-file belongs to the --format before it', async () => {
    const cwd = repoCopy('deadlock-unit-files');
    const r = await runCli(['--format', 'sarif', '--output-file', 'out/report.sarif', '--format', 'concise', '-f', 'junit', '-o', 'junit.xml'], { cwd });
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(DEADLOCK);
    const sarif = JSON.parse(readFileSync(join(cwd, 'out/report.sarif'), 'utf8')) as { version: string };
    expect(sarif.version).toBe('2.1.0');
    expect(readFileSync(join(cwd, 'junit.xml'), 'utf8')).toContain('<testcase classname="scripts/warm_reconcile.py" name="health-gate-deadlock"');
  });

  it('refuses two formats on stdout, an --output-file without a --format, and unknown formats (exit 2, one line)', async () => {
    const cwd = repoCopy('deadlock-unit-files');
    for (const args of [['--format', 'json', '--format', 'concise'], ['-o', 'x.json'], ['--format', 'xml']]) {
      const r = await runCli(args, { cwd });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^deploy-lint: (?!internal)/);
    }
  });

  it('--fail-on, --max-warnings and --exit-zero decide the exit code', async () => {
    const cwd = warningsOnlyRepo();
    expect((await runCli(['-f', 'concise'], { cwd })).status).toBe(0);
    expect((await runCli(['-f', 'concise', '--fail-on', 'warning'], { cwd })).status).toBe(1);
    expect((await runCli(['-f', 'concise', '--max-warnings', '0'], { cwd })).status).toBe(1);
    expect((await runCli(['-f', 'concise', '--max-warnings', '5'], { cwd })).status).toBe(0);
    const deadlock = repoCopy('deadlock-unit-files');
    expect((await runCli(['-f', 'concise', '--exit-zero'], { cwd: deadlock })).status).toBe(0);
    expect((await runCli(['-f', 'concise', '--fail-on', 'fatal'], { cwd })).status).toBe(2);
  });

  it('--changed-only keeps findings that start in or pass through the given files', async () => {
    const cwd = repoCopy('deadlock-unit-files');
    const viaPathStep = await runCli(['-f', 'concise', '--changed-only', 'units/deploy-dashboard.service'], { cwd });
    expect(viaPathStep.status).toBe(1);
    expect(viaPathStep.stdout).toContain('[health-gate-deadlock]');
    const untouched = await runCli(['-f', 'concise', '--changed-only', 'stacks/proxy.yml'], { cwd });
    expect(untouched.status).toBe(0);
    expect(untouched.stdout).not.toContain('[health-gate-deadlock]');
  });

  it('--select and --ignore-rule filter rules; an unknown rule is a usage error', async () => {
    const cwd = repoCopy('deadlock-unit-files');
    const only = await runCli(['-f', 'concise', '--select', 'ordering-cycle'], { cwd });
    expect(only.status).toBe(0);
    expect(only.stdout).not.toContain('health-gate-deadlock');
    const without = await runCli(['-f', 'concise', '--ignore-rule', 'health-gate-deadlock'], { cwd });
    expect(without.stdout).not.toContain('health-gate-deadlock');
    const bad = await runCli(['--select', 'no-such-rule'], { cwd });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("deploy-lint: --select: unknown rule 'no-such-rule'; `deploy-lint rules` lists them\n");
  });

  it('prints no progress when stderr is not a terminal', async () => {
    const r = await runCli(['-f', 'json'], { cwd: repoCopy('deadlock-unit-files') });
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});

describe('config', () => {
  it('a config file sets severities and says where each value came from', async () => {
    const cwd = repoCopy('deadlock-unit-files', {
      'deploy-lint.config.yaml': 'rules:\n  health-gate-deadlock: warn\ndefaultTarget: graphical.target\n',
    });
    const r = await runCli(['-f', 'concise'], { cwd });
    expect(r.stdout).toContain('warning [health-gate-deadlock]');
    expect(r.status).toBe(0);
    const shown = await runCli(['config', '--default-target', 'rescue.target'], { cwd });
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/^config file: deploy-lint\.config\.yaml$/m);
    expect(shown.stdout).toMatch(/^rules\.health-gate-deadlock\s+"warn"\s+deploy-lint\.config\.yaml$/m);
    expect(shown.stdout).toMatch(/^rules\.ordering-cycle\s+"error"\s+default$/m);
    expect(shown.stdout).toMatch(/^defaultTarget\s+"rescue\.target"\s+--default-target$/m);
  });

  it('an invalid config names the file and the key (exit 2)', async () => {
    const cwd = repoCopy('deadlock-unit-files', { 'deploy-lint.config.json': '{ "rules": { "health-gate-deadlock": "fatal" } }' });
    const r = await runCli([], { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^deploy-lint: deploy-lint\.config\.json: rules\.health-gate-deadlock: .*"off"\|"info"\|"warning"\|"warn"\|"error"/);
  });
});

describe('baseline', () => {
  it('create, then only new findings fail; moved lines do not revive old ones; prune drops fixed ones', async () => {
    const cwd = repoCopy('deadlock-unit-files');
    const created = await runCli(['baseline', 'create'], { cwd });
    expect(created.status).toBe(0);
    const file = join(cwd, '.deploy-lint-baseline.json');
    const baseline = readFileSync(file, 'utf8');
    expect(baseline).not.toMatch(/"line"/);
    expect(JSON.parse(baseline)).toMatchObject({ version: 1, tool: 'deploy-lint' });

    expect((await runCli(['-f', 'concise', '--baseline', '.deploy-lint-baseline.json'], { cwd })).status).toBe(0);

    // Move every line of both units: still the same findings.
    for (const u of ['units/deploy-proxy.service', 'units/deploy-dashboard.service']) {
      writeFileSync(join(cwd, u), `# moved\n\n${readFileSync(join(cwd, u), 'utf8')}`);
    }
    const moved = await runCli(['-f', 'concise', '--baseline', '.deploy-lint-baseline.json'], { cwd });
    expect(moved.stdout).toMatch(/^0 errors, 0 warnings, 0 info/);
    expect(moved.status).toBe(0);

    // A new cycle is new.
    writeFileSync(join(cwd, 'units/x.service'), '[Unit]\nAfter=y.service\n[Install]\nWantedBy=multi-user.target\n');
    writeFileSync(join(cwd, 'units/y.service'), '[Unit]\nAfter=x.service\n[Install]\nWantedBy=multi-user.target\n');
    const fresh = await runCli(['-f', 'concise', '--baseline', '.deploy-lint-baseline.json'], { cwd });
    expect(fresh.status).toBe(1);
    expect(fresh.stdout).toContain('[ordering-cycle]');
    expect(fresh.stdout).not.toContain('[health-gate-deadlock]');

    // Fix the deadlock: its entry is stale; prune removes it.
    const dash = join(cwd, 'units/deploy-dashboard.service');
    writeFileSync(dash, readFileSync(dash, 'utf8').replace(/^After=deploy-proxy\.service\n/m, ''));
    const stale = await runCli(['-f', 'concise', '--baseline', '.deploy-lint-baseline.json'], { cwd });
    expect(stale.stderr).toMatch(/1 baseline entry matches no finding any more/);
    expect((await runCli(['baseline', 'prune'], { cwd })).status).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('health-gate-deadlock');
  });

  it('a missing baseline file is a usage error', async () => {
    const r = await runCli(['--baseline', 'nope.json'], { cwd: repoCopy('deadlock-unit-files') });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^deploy-lint: nope\.json: cannot read baseline \(ENOENT\)/);
  });
});

describe('graph and why', () => {
  it('graph --format dot draws the deadlock path in red', async () => {
    const r = await runCli(['graph'], { cwd: repoCopy('deadlock-unit-files') });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^digraph deploy \{/);
    expect(r.stdout).toContain('"deploy-dashboard.service" -> "deploy-proxy.service" [label="after" color=red');
    expect(r.stdout).toContain('"deploy-proxy.service" -> "spec:scripts/warm_reconcile.py#traefik" [label="runs" color=red');
  });

  it('graph --format json is the full, sorted dump; --focus narrows it', async () => {
    const cwd = repoCopy('deadlock-unit-files');
    const full = JSON.parse((await runCli(['graph', '-f', 'json'], { cwd })).stdout) as { graphs: { nodes: { id: string }[] }[] };
    const ids = full.graphs[0]!.nodes.map((n) => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain('sysinit.target');
    const focused = JSON.parse((await runCli(['graph', '-f', 'json', '--focus', 'deploy-dashboard', '--depth', '1'], { cwd })).stdout) as typeof full;
    expect(focused.graphs[0]!.nodes.map((n) => n.id)).toContain('deploy-proxy.service');
    expect(focused.graphs[0]!.nodes.length).toBeLessThan(ids.length);
    expect((await runCli(['graph', '--focus', 'nothing-here'], { cwd })).status).toBe(2);
  });

  it('why prints the shortest path with a file:line per step', async () => {
    const cwd = repoCopy('deadlock-unit-files');
    const r = await runCli(['why', 'deploy-dashboard.service', 'deploy-proxy'], { cwd });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'deploy-dashboard.service → deploy-proxy.service: ordering path, 1 step\n' +
        '  units/deploy-dashboard.service:3:7  deploy-dashboard.service -after-> deploy-proxy.service: deploy-dashboard.service has After=deploy-proxy.service\n',
    );
    const cross = await runCli(['why', 'deploy-proxy', 'ci.commoninternet.net'], { cwd });
    expect(cross.stdout).toContain('-runs->');
    expect(cross.stdout).toContain('-gates-on->');
    expect((await runCli(['why', 'deploy-proxy', 'deploy-dashboard', '--edges', 'after'], { cwd })).status).toBe(1);
  });
});

describe('rules and explain', () => {
  it('list and explain the suppression findings too', async () => {
    expect((await runCli(['rules'])).stdout).toMatch(/^unused-suppression\s+warning\s+/m);
    const r = await runCli(['explain', 'suppression-without-reason']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('## The fix');
    expect(existsSync(join(FIXTURES_DIR, 'deadlock-unit-files'))).toBe(true);
  });
});
