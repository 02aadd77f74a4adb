/**
 * Drone: plugin mode maps PLUGIN_* settings to flags when DRONE=true and no
 * arguments are given; a card with the counts goes to DRONE_CARD_PATH. Run as
 * the plugin image runs it: the CLI with no arguments and that environment.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPluginMode, pluginArgv } from '../src/cli/drone/plugin.js';
import { runCli } from './helpers/cli.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';


function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-drone-'));
  cpSync(join(FIXTURES_DIR, 'deadlock-unit-files', 'repo'), join(dir, 'deploy'), { recursive: true });
  return dir;
}

describe('plugin settings', () => {
  it('become flags; lists split on commas or arrive as JSON; paths go first', async () => {
    const env = { DRONE: 'true', PLUGIN_PATHS: 'a,b', PLUGIN_FORMAT: '["concise","sarif:out/x.sarif"]', PLUGIN_FAIL_ON: 'warning', PLUGIN_EXIT_ZERO: 'false', PLUGIN_SELECT: 'ordering-cycle' };
    expect(isPluginMode(env, [])).toBe(true);
    expect(isPluginMode(env, ['--format', 'json'])).toBe(false);
    expect(isPluginMode({ ...env, DRONE: undefined }, [])).toBe(false);
    expect(pluginArgv(env)).toEqual(['a', 'b', '--format', 'concise', '--format', 'sarif', '--output-file', 'out/x.sarif', '--fail-on', 'warning', '--select', 'ordering-cycle']);
  });
});

describe('the CLI in a Drone step', () => {
  it('plugin mode: PLUGIN_PATHS/FORMAT/FAIL_ON/CONFIG, and a card with the counts', async () => {
    const cwd = workspace();
    const card = join(cwd, 'card.json');
    const r = await runCli([], {
      cwd,
      env: { DRONE: 'true', CI: 'true', PLUGIN_PATHS: 'deploy', PLUGIN_FORMAT: 'concise,sarif:reports/deploy-lint.sarif', PLUGIN_FAIL_ON: 'error', DRONE_CARD_PATH: card },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(
      'deploy/scripts/warm_reconcile.py:18:61: error [health-gate-deadlock] deploy-proxy.service waits on ci.commoninternet.net, which is served only by a unit ordered after it',
    );
    expect(existsSync(join(cwd, 'reports', 'deploy-lint.sarif'))).toBe(true);
    const written = JSON.parse(readFileSync(card, 'utf8')) as { schema: string; data: Record<string, unknown> };
    expect(written.schema).toMatch(/^https:\/\//);
    expect(written.data).toMatchObject({ status: 'failed', errors: 1, files: 5 });
    expect(written.data.rules).toContainEqual({ rule: 'health-gate-deadlock', count: 1 });
    expect(written.data.first).toMatch(/^deploy\/scripts\/warm_reconcile\.py:18: error \[health-gate-deadlock\]/);
  });

  it('PLUGIN_CONFIG and PLUGIN_FAIL_ON=warning', async () => {
    const cwd = workspace();
    const card = join(cwd, 'card.json');
    const env = { DRONE: 'true', PLUGIN_PATHS: 'deploy', PLUGIN_FORMAT: 'concise', PLUGIN_CONFIG: 'lint.json', DRONE_CARD_PATH: card };
    // The config turns the deadlock into a warning: passes at the default threshold, fails at warning.
    writeFileSync(join(cwd, 'lint.json'), '{"rules": {"health-gate-deadlock": "warn"}}');
    expect((await runCli([], { cwd, env })).status).toBe(0);
    expect((JSON.parse(readFileSync(card, 'utf8')) as { data: { status: string } }).data.status).toBe('passed');
    expect((await runCli([], { cwd, env: { ...env, PLUGIN_FAIL_ON: 'warning' } })).status).toBe(1);
    const bad = await runCli([], { cwd, env: { ...env, PLUGIN_CONFIG: 'missing.json' } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('deploy-lint: missing.json: cannot read config file (ENOENT)\n');
  });

  it('commands mode (npx deploy-lint --format concise) ignores PLUGIN_* and still writes the card', async () => {
    const cwd = workspace();
    const card = join(cwd, 'card.json');
    const r = await runCli(['--format', 'concise', 'deploy'], { cwd, env: { DRONE: 'true', PLUGIN_FORMAT: 'json', DRONE_CARD_PATH: card } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^deploy\/scripts\/warm_reconcile\.py:18:61: error/);
    expect(existsSync(card)).toBe(true);
  });
});
