/**
 * Configuration: where it is found, how it is validated (errors name the file
 * and key), and what it changes in a run (severities, overrides, ignores,
 * default target, settings for rules).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig, loadConfig, ConfigError } from '../src/config/load.js';
import { resolveConfig } from '../src/config/resolve.js';
import { describeConfig } from '../src/config/show.js';
import { lint } from '../src/lint.js';
import type { Rule, RuleContext } from '../rules/api.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';
import { tempRepo } from './helpers/temp-repo.js';

const CYCLE = {
  'units/a.service': '[Unit]\nAfter=b.service\n[Install]\nWantedBy=multi-user.target\n',
  'units/b.service': '[Unit]\nAfter=a.service\n[Install]\nWantedBy=multi-user.target\n',
};

function configError(files: Record<string, string>, name: string): string {
  const dir = tempRepo(files);
  try {
    loadConfig(join(dir, name), dir);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('finding the config', () => {
  it('searches upward from the working directory, json before yaml before package.json', () => {
    const dir = tempRepo({ '.git/HEAD': '', 'deploy-lint.config.yaml': 'rules: {}\n', 'package.json': '{"deploy-lint": {}}', 'sub/deeper/x': '' });
    expect(findConfig(join(dir, 'sub', 'deeper'))).toBe(join(dir, 'deploy-lint.config.yaml'));
    const pkgOnly = tempRepo({ '.git/HEAD': '', 'package.json': '{"name": "x", "deploy-lint": {"defaultTarget": "graphical.target"}}', 'sub/x': '' });
    expect(findConfig(join(pkgOnly, 'sub'))).toBe(join(pkgOnly, 'package.json'));
    expect(resolveConfig(join(pkgOnly, 'sub')).defaultTarget).toBe('graphical.target');
  });

  it('ignores a package.json without the key and stops at the repository root', () => {
    const outer = tempRepo({ 'deploy-lint.config.json': '{}', 'inner/.git/HEAD': '', 'inner/package.json': '{"name": "x"}' });
    mkdirSync(join(outer, 'inner', 'a'), { recursive: true });
    expect(findConfig(join(outer, 'inner', 'a'))).toBeNull();
  });
});

describe('validation errors name the file, the key and what was expected', () => {
  it('bad level', () => {
    expect(configError({ 'deploy-lint.config.json': '{"rules": {"ordering-cycle": "fatal"}}' }, 'deploy-lint.config.json')).toBe(
      'deploy-lint.config.json: rules.ordering-cycle: Invalid option: expected one of "off"|"info"|"warning"|"warn"|"error"',
    );
  });
  it('unknown rule', () => {
    expect(configError({ 'deploy-lint.config.yaml': 'rules:\n  ordering-cylce: off\n' }, 'deploy-lint.config.yaml')).toBe(
      'deploy-lint.config.yaml: rules.ordering-cylce: unknown rule; `deploy-lint rules` lists them',
    );
  });
  it('unknown top-level key lists the valid ones', () => {
    expect(configError({ 'deploy-lint.config.yaml': 'rule: {}\n' }, 'deploy-lint.config.yaml')).toMatch(
      /^deploy-lint\.config\.yaml: rule: unknown key; expected one of: rules, ignore, overrides, /,
    );
  });
  it('nested keys and array indexes', () => {
    const msg = configError(
      { 'package.json': JSON.stringify({ 'deploy-lint': { overrides: [{ files: 'units/*', rules: {} }], serves: { 'ci.example.net': 3 } } }) },
      'package.json',
    );
    expect(msg).toContain('package.json#deploy-lint: overrides[0].files: Invalid input: expected array, received string');
    expect(msg).toContain('package.json#deploy-lint: serves["ci.example.net"]: ');
  });
  it('YAML syntax errors have a line and column', () => {
    expect(configError({ 'deploy-lint.config.yaml': 'rules:\n  a: [\n' }, 'deploy-lint.config.yaml')).toMatch(/^deploy-lint\.config\.yaml:\d+:\d+: invalid YAML: /);
  });
  it('defaultTarget must be a target', () => {
    expect(configError({ 'c.yaml': 'defaultTarget: multi-user.service\n' }, 'c.yaml')).toBe('c.yaml: defaultTarget: expected a target unit name ending in .target');
  });
});

describe('the config in a run', () => {
  it('per-rule levels and per-path overrides (later overrides win)', async () => {
    const dir = tempRepo({
      ...CYCLE,
      'deploy-lint.config.yaml': [
        'rules:',
        '  ordering-cycle: warn',
        'overrides:',
        '  - files: ["units/**"]',
        '    rules: { ordering-cycle: info }',
        '  - files: ["a.service"]', // no slash: matches the file name in any folder
        '    rules: { ordering-cycle: error }',
      ].join('\n'),
    });
    const r = await lint({ paths: ['.'], cwd: dir, config: resolveConfig(dir) });
    const cycle = r.diagnostics.filter((d) => d.rule === 'ordering-cycle');
    expect(cycle).toHaveLength(1);
    expect(cycle[0]!.location.file).toBe('units/a.service');
    expect(cycle[0]!.severity).toBe('error');
  });

  it('off removes findings; ignore globs are relative to the config file', async () => {
    const dir = tempRepo({ ...CYCLE, 'deploy-lint.config.json': '{"ignore": ["units/b.service"]}' });
    mkdirSync(join(dir, 'units', 'sub'), { recursive: true });
    const fromSub = await lint({ paths: ['..'], cwd: join(dir, 'units'), config: resolveConfig(join(dir, 'units')) });
    expect(fromSub.files.map((f) => f.path)).toEqual(['a.service']);
    const off = tempRepo({ ...CYCLE, 'deploy-lint.config.json': '{"rules": {"ordering-cycle": "off"}}' });
    const r = await lint({ paths: ['.'], cwd: off, config: resolveConfig(off) });
    expect(r.diagnostics.filter((d) => d.rule === 'ordering-cycle')).toEqual([]);
  });

  it('passes external, serves, pathMap and defaultTimeoutStartSec to the rules', async () => {
    const dir = tempRepo({
      ...CYCLE,
      'deploy-lint.config.json': JSON.stringify({
        external: ['docker.service'],
        serves: { 'ci.example.net': 'traefik.service', 'b.example.net': ['a.service', 'b.service'] },
        pathMap: { '/srv/deploy': '.' },
        defaultTimeoutStartSec: 300,
        defaultTarget: 'graphical.target',
        vocabulary: { gate: ['wait_url'] },
      }),
    });
    let seen: RuleContext | undefined;
    let target: string | undefined;
    const probe: Rule = {
      meta: { id: 'probe', defaultSeverity: 'info', summary: '', docs: { what: '', why: '', example: '', fix: '' } },
      check(ctx) {
        seen = ctx;
        target = ctx.graph.defaultTarget;
      },
    };
    const config = resolveConfig(dir);
    await lint({ paths: ['.'], cwd: dir, config, rules: [probe] });
    expect(seen!.settings).toMatchObject({
      defaultTimeoutStartSec: 300,
      external: ['docker.service'],
      serves: { 'ci.example.net': ['traefik.service'], 'b.example.net': ['a.service', 'b.service'] },
      pathMap: { '/srv/deploy': '.' },
    });
    expect(target).toBe('graphical.target');
    expect(config.vocabulary).toEqual({ gate: ['wait_url'] });
  });

  it('vocabulary replaces the spec field names the parsers look for', async () => {
    // The yaml-spec deadlock fixture, with its gate field renamed to one the built-in vocabulary does not know.
    const fixture = join(FIXTURES_DIR, 'deadlock-yaml-spec-absolute-paths', 'repo');
    const files = Object.fromEntries(
      ['specs.yml', 'deploy.py', 'stacks/api.yml', 'stacks/web.yml', 'systemd/deploy-api.service', 'systemd/deploy-web.service'].map((f) => [f, readFileSync(join(fixture, f), 'utf8')]),
    );
    files['specs.yml'] = files['specs.yml']!.replaceAll('health_url:', 'probe_url:');
    const deadlocks = async (dir: string) => (await lint({ paths: ['.'], cwd: dir, config: resolveConfig(dir) })).diagnostics.filter((d) => d.rule === 'health-gate-deadlock');

    expect(await deadlocks(tempRepo({ '.git/HEAD': '', ...files }))).toEqual([]);
    const found = await deadlocks(tempRepo({ '.git/HEAD': '', ...files, 'deploy-lint.config.yaml': 'vocabulary:\n  gate: [probe_url]\n' }));
    expect(found).toHaveLength(1);
    expect(found[0]!.path.map((s) => s.explanation).join('\n')).toContain('(probe_url)');
    // Only the lists given are replaced: the built-in served/stack names still work (the stack above was found through compose_file).
  });

  it('describeConfig reports each value with its source', () => {
    const dir = tempRepo({ '.git/HEAD': '', 'deploy-lint.config.json': '{"rules": {"ordering-cycle": "warn"}, "external": ["x.service"]}' });
    const d = describeConfig(resolveConfig(dir, { defaultTarget: 'rescue.target' }), dir);
    const by = Object.fromEntries(d.entries.map((e) => [e.key, e]));
    expect(d.file).toBe('deploy-lint.config.json');
    expect(by['rules.ordering-cycle']).toEqual({ key: 'rules.ordering-cycle', value: 'warn', source: 'deploy-lint.config.json' });
    expect(by['rules.health-gate-deadlock']).toEqual({ key: 'rules.health-gate-deadlock', value: 'error', source: 'default' });
    expect(by.defaultTarget).toEqual({ key: 'defaultTarget', value: 'rescue.target', source: '--default-target' });
    expect(by.external!.source).toBe('deploy-lint.config.json');
    expect(by.defaultTimeoutStartSec).toEqual({ key: 'defaultTimeoutStartSec', value: 90, source: 'default' });
  });
});
