import { describe, expect, it } from 'vitest';
import type { Fact, SpecFact } from '../src/model/facts.js';
import { parseSpecFile, specFileAdapter } from '../src/parsers/spec/adapter.js';
import { at, runAdapter } from './data/harness.js';

const specs = (facts: Fact[]) => facts.filter((f): f is SpecFact => f.kind === 'spec');
const brief = (s: SpecFact) => ({
  name: s.name,
  span: at(s.span),
  gates: s.gates.map((g) => [g.value, ...at(g)!]),
  serves: s.serves.map((g) => [g.value, ...at(g)!]),
  stacks: s.stacks.map((g) => [g.value, ...at(g)!]),
  order: s.order.map((g) => [g.value, ...at(g)!]),
  timeout: s.timeoutSec && [s.timeoutSec.value, ...at(s.timeoutSec)!],
});

describe('YAML spec files', () => {
  it('reads a map of spec name → record, with anchors merged and the template skipped', () => {
    const src = [
      'defaults: &d', // 1
      '  health_timeout: 15m', // 2
      'traefik:', // 3
      '  <<: *d', // 4
      '  stack: stacks/traefik.yml', // 5
      '  health_domain: "ci.commoninternet.net"', // 6
      '  depends_on: [swarm, "net"]', // 7
      'dashboard:', // 8
      '  stack_file: stacks/dashboard.yml', // 9
      '  domains:', // 10
      '    - ci.commoninternet.net', // 11
    ].join('\n');
    const out = parseSpecFile('specs/all.yaml', src);
    expect(out.diagnostics).toEqual([]);
    expect(specs(out.facts).map(brief)).toEqual([
      {
        name: 'traefik',
        span: [3, 1, 3, 8],
        gates: [['ci.commoninternet.net', 6, 18, 6, 41]],
        serves: [],
        stacks: [['stacks/traefik.yml', 5, 10, 5, 28]],
        order: [['swarm', 7, 16, 7, 21], ['net', 7, 23, 7, 28]],
        timeout: [900, 2, 19, 2, 22],
      },
      {
        name: 'dashboard',
        span: [8, 1, 8, 10],
        gates: [],
        serves: [['ci.commoninternet.net', 11, 7, 11, 28]],
        stacks: [['stacks/dashboard.yml', 9, 15, 9, 35]],
        order: [],
        timeout: undefined,
      },
    ]);
  });

  it('reads a top-level specs: list of named records', () => {
    const src = ['version: 2', 'specs:', '  - name: traefik', '    healthcheckUrl: https://ci.example.org/ping', '    timeout: 90', '  - name: other'].join('\n');
    const out = parseSpecFile('deploy/specs.yml', src);
    expect(specs(out.facts).map((s) => [s.name, ...at(s.span)!])).toEqual([
      ['traefik', 3, 5, 5, 16],
      ['other', 6, 5, 6, 16],
    ]);
    expect(brief(specs(out.facts)[0]!).gates).toEqual([['https://ci.example.org/ping', 4, 21, 4, 48]]);
    expect(specs(out.facts)[0]!.timeoutSec?.value).toBe(90);
  });

  it('reads a file that is one spec, named after the file', () => {
    const out = parseSpecFile('specs/traefik.yml', 'stack: stacks/traefik.yml\nwait_for: traefik:8080\n');
    expect(specs(out.facts).map(brief)).toEqual([
      {
        name: 'traefik',
        span: [1, 1, 1, 26],
        gates: [['traefik:8080', 2, 11, 2, 23]],
        serves: [], stacks: [['stacks/traefik.yml', 1, 8, 1, 26]], order: [], timeout: undefined,
      },
    ]);
  });

  it('ignores YAML without spec records', () => {
    expect(parseSpecFile('a.yaml', 'logging:\n  level: info\n').facts).toEqual([]);
  });

  it('reports malformed YAML at the error and keeps the readable records', () => {
    const src = ['traefik:', '  health_domain: ci.example.org', 'broken: [1, 2', 'dashboard:', '  stack: d.yml'].join('\n');
    const out = parseSpecFile('specs/bad.yaml', src);
    expect(out.diagnostics.map((d) => [d.rule, d.severity, ...at(d.location)!])).toEqual([['parse-error', 'error', 4, 1, 4, 2]]);
    expect(out.diagnostics[0]!.message).toMatch(/^YAML: Flow sequence in block collection must be sufficiently indented and end with a \]/);
    expect(specs(out.facts).map((s) => s.name)).toContain('traefik');
  });
});

describe('JSON spec files', () => {
  it('reads JSON through the YAML reader, tabs and all, with positions', () => {
    const src = '{\n\t"specs": {\n\t\t"traefik": {"health_url": "https://ci.example.org/healthz", "compose": ["a.yml", "b.yml"]}\n\t}\n}\n';
    const out = parseSpecFile('specs/specs.json', src);
    expect(out.diagnostics).toEqual([]);
    expect(specs(out.facts).map(brief)).toEqual([
      {
        name: 'traefik',
        span: [3, 3, 3, 12],
        gates: [['https://ci.example.org/healthz', 3, 29, 3, 61]],
        serves: [],
        stacks: [['a.yml', 3, 75, 3, 82], ['b.yml', 3, 84, 3, 91]],
        order: [],
        timeout: undefined,
      },
    ]);
  });
});

describe('TOML spec files', () => {
  it('reads tables and arrays of tables with positions from the structural scan', () => {
    const src = [
      '# specs', // 1
      '[traefik]', // 2
      'stack = "stacks/traefik.yml"', // 3
      "health_domain = 'ci.commoninternet.net' # gate", // 4
      'hosts = [', // 5
      '  "a.example.org", # first', // 6
      '  "b.example.org",', // 7
      ']', // 8
      'timeout = 600', // 9
      '', // 10
      '[dashboard]', // 11
      'deploy = { stack = "stacks/dashboard.yml" }', // 12
      'stack = """', // 13
      'stacks/dashboard.yml"""', // 14
    ].join('\n');
    const out = parseSpecFile('specs/specs.toml', src);
    expect(out.diagnostics).toEqual([]);
    expect(specs(out.facts).map(brief)).toEqual([
      {
        name: 'traefik',
        span: [2, 2, 2, 9],
        gates: [['ci.commoninternet.net', 4, 17, 4, 40]],
        serves: [['a.example.org', 6, 3, 6, 18], ['b.example.org', 7, 3, 7, 18]],
        stacks: [['stacks/traefik.yml', 3, 9, 3, 29]],
        order: [],
        timeout: [600, 9, 11, 9, 14],
      },
      {
        name: 'dashboard',
        span: [11, 2, 11, 11],
        gates: [], serves: [],
        stacks: [['stacks/dashboard.yml', 13, 9, 14, 24]],
        order: [], timeout: undefined,
      },
    ]);
  });

  it('reads [[specs]] arrays and dotted keys', () => {
    const src = ['[[specs]]', 'name = "traefik"', 'health.url = "x"', 'health_url = "https://ci.example.org"', '', '[[specs]]', 'name = "drone"', 'after = ["traefik"]'].join('\n');
    const out = parseSpecFile('specs.toml', src);
    expect(specs(out.facts).map((s) => [s.name, ...at(s.span)!])).toEqual([
      ['traefik', 1, 1, 1, 10],
      ['drone', 6, 1, 6, 10],
    ]);
    expect(brief(specs(out.facts)[0]!).gates).toEqual([['https://ci.example.org', 4, 14, 4, 38]]);
    expect(brief(specs(out.facts)[1]!).order).toEqual([['traefik', 8, 10, 8, 19]]);
  });

  it('reports a TOML syntax error at smol-toml position', () => {
    const out = parseSpecFile('specs/bad.toml', '[a]\nstack = "x"\nhealth_url = \n');
    expect(out.facts).toEqual([]);
    expect(out.diagnostics.map((d) => [d.rule, d.severity, d.location.line])).toEqual([['parse-error', 'error', 3]]);
    expect(out.diagnostics[0]!.message).toMatch(/^TOML: /);
  });
});

describe('spec file adapter', () => {
  it('routes by extension and passes read failures through', async () => {
    const out = await runAdapter(specFileAdapter, 'spec', {
      'specs/a.toml': '[a]\nwait_for = "db:5432"\n',
      'specs/b.json': '{"b": {"wait_for": "db:5432"}}',
      'specs/c.yaml': Buffer.from([0xff, 0xfe, 0x00]),
    });
    expect(specs(out.facts).map((s) => [s.file, s.name])).toEqual([
      ['specs/a.toml', 'a'],
      ['specs/b.json', 'b'],
    ]);
    expect(out.diagnostics.map((d) => d.location.file)).toEqual(['specs/c.yaml']);
  });
});

describe('which files are specs (positive evidence)', () => {
  it('reads JSON with comments (JSONC) as JSON, spans unchanged', async () => {
    const src = '// reconcile spec\n{\n  /* the web stack */\n  "health_url": "https://web.example.org/h", // gate\n  "stack": "stacks/web.yml"\n}\n';
    const out = await runAdapter(specFileAdapter, 'spec', { 'specs/web.json': src });
    expect(out.diagnostics).toEqual([]);
    expect(specs(out.facts).map(brief)[0]?.gates).toEqual([['https://web.example.org/h', 4, 17, 4, 44]]);
  });

  it('rejects a large data file with no gate or stack key before parsing it', async () => {
    // Invalid YAML past the first line: a parse would report it. `host`/`timeout` keys are everywhere in data.
    const big = `{"tables": {"host": {"timeout": 1}}}\n${'  - [unbalanced\n'.repeat(8000)}`;
    expect(big.length).toBeGreaterThan(64 * 1024);
    const out = await runAdapter(specFileAdapter, 'spec', { 'drizzle/meta/0001_snapshot.json': big });
    expect(out).toEqual({ facts: [], diagnostics: [] });
    // A schema's column named like a stack field, with an object value, is no evidence either.
    const schema = await runAdapter(specFileAdapter, 'spec', { 'drizzle/meta/0002_snapshot.json': `{"columns": {"composeFile": {"name": "composeFile", "type": "text"}}}\n${big}` });
    expect(schema).toEqual({ facts: [], diagnostics: [] });
    // The same text with a gate key is a spec (broken, so it says so).
    const withGate = await runAdapter(specFileAdapter, 'spec', { 'specs/big.yml': `health_domain: a.example.org\n${big}` });
    expect(withGate.diagnostics.length).toBeGreaterThan(0);
  });

  it('reads a small file with only weaker vocabulary, as before', async () => {
    const out = await runAdapter(specFileAdapter, 'spec', { 'specs/api.yml': 'api:\n  domain: api.example.org\n  depends_on: [db]\n  stack: stacks/api.yml\n' });
    expect(specs(out.facts).map((s) => s.name)).toEqual(['api']);
    const none = await runAdapter(specFileAdapter, 'spec', { 'config/app.yml': 'server:\n  port: 8080\n  workers: 4\n' });
    expect(none).toEqual({ facts: [], diagnostics: [] });
  });
});
