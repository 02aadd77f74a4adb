import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import type { Fact, SpecFact, SpecScriptFact } from '../src/model/facts.js';
import { parsePythonSource, pythonAdapter } from '../src/parsers/python/adapter.js';
import { createPythonParser } from '../src/parsers/python/grammar.js';
import { DEFAULT_SPEC_VOCABULARY } from '../src/parsers/spec/vocabulary.js';
import { at, runAdapter } from './data/harness.js';

let parser: Parser;
beforeAll(async () => {
  parser = await createPythonParser();
});

const FILE = 'scripts/warm_reconcile.py';
const read = (src: string) => parsePythonSource(parser, FILE, src);
const specs = (facts: Fact[]) => facts.filter((f): f is SpecFact => f.kind === 'spec');
const script = (facts: Fact[]) => facts.find((f): f is SpecScriptFact => f.kind === 'spec-script');
const spec = (facts: Fact[], name: string) => {
  const s = specs(facts).find((f) => f.name === name);
  if (!s) throw new Error(`no spec ${name} in ${specs(facts).map((f) => f.name).join(', ')}`);
  return s;
};

describe('python spec tables', () => {
  it('reads a dict of keyword calls, with constants and f-strings resolved', () => {
    const src = [
      'DOMAIN = "commoninternet.net"', // 1
      'CI = f"ci.{DOMAIN}"', // 2
      '', // 3
      'SPECS = {', // 4
      '    "traefik": Spec(stack="stacks/traefik.yml", health_domain=CI, timeout=15 * 60),', // 5
      "    'dashboard': Spec(stack='stacks/dashboard.yml', domains=['ci.' + DOMAIN, \"www.ci.x\"], after=\"traefik\"),", // 6
      '}', // 7
    ].join('\n');
    const out = read(src);
    expect(out.diagnostics).toEqual([]);
    expect(specs(out.facts).map((s) => s.name)).toEqual(['traefik', 'dashboard']);

    const t = spec(out.facts, 'traefik');
    expect(t.file).toBe(FILE);
    expect(at(t.span)).toEqual([5, 5, 5, 14]);
    expect(t.gates.map((g) => g.value)).toEqual(['ci.commoninternet.net']);
    expect(at(t.gates[0])).toEqual([5, 63, 5, 65]);
    expect(t.stacks.map((g) => [g.value, ...at(g)!])).toEqual([['stacks/traefik.yml', 5, 27, 5, 47]]);
    expect(t.timeoutSec?.value).toBe(900);
    expect(at(t.timeoutSec)).toEqual([5, 75, 5, 82]);

    const d = spec(out.facts, 'dashboard');
    expect(at(d.span)).toEqual([6, 5, 6, 16]);
    expect(d.serves.map((g) => [g.value, ...at(g)!])).toEqual([
      ['ci.commoninternet.net', 6, 62, 6, 76],
      ['www.ci.x', 6, 78, 6, 88],
    ]);
    expect(d.order.map((o) => o.value)).toEqual(['traefik']);
    expect(d.gates).toEqual([]);
    expect(d.timeoutSec).toBeUndefined();
  });

  it('reads a dict of dict literals, with ** spreads of a module-level dict', () => {
    const src = [
      'BASE = {"timeout": 600}',
      'SPECS = {',
      '    "traefik": {**BASE, "stack": "stacks/traefik.yml", "health_url": "https://ci.example.org/healthz"},',
      '    "noop": {},',
      '}',
    ].join('\n');
    const out = read(src);
    const t = spec(out.facts, 'traefik');
    expect(at(t.span)).toEqual([3, 5, 3, 14]);
    expect(t.gates.map((g) => [g.value, ...at(g)!])).toEqual([['https://ci.example.org/healthz', 3, 70, 3, 102]]);
    expect(t.timeoutSec?.value).toBe(600);
    expect(at(t.timeoutSec)).toEqual([1, 20, 1, 23]);
    // Written the same way in the same table: a spec, even without vocabulary fields.
    expect(spec(out.facts, 'noop').gates).toEqual([]);
  });

  it('maps dataclass positional arguments to field order and fills class defaults', () => {
    const src = [
      'from dataclasses import dataclass, field', // 1
      '', // 2
      '@dataclass', // 3
      'class Spec:', // 4
      '    name: str', // 5
      '    stack_file: str', // 6
      '    health_domain: str | None = None', // 7
      '    timeout: int = 900', // 8
      '    depends_on: list = field(default_factory=list)', // 9
      '    domains: list = field(default=("a.example.org",))', // 10
      '', // 11
      'SPECS = {', // 12
      '    "traefik": Spec("traefik", "stacks/traefik.yml", "ci.commoninternet.net"),', // 13
      '    "dashboard": Spec("dashboard", "stacks/dashboard.yml", depends_on=["traefik"], timeout=300),', // 14
      '}', // 15
    ].join('\n');
    const out = read(src);
    const t = spec(out.facts, 'traefik');
    expect(t.stacks.map((s) => [s.value, ...at(s)!])).toEqual([['stacks/traefik.yml', 13, 32, 13, 52]]);
    expect(t.gates.map((s) => [s.value, ...at(s)!])).toEqual([['ci.commoninternet.net', 13, 54, 13, 77]]);
    // The class default, located where the class declares it.
    expect(t.timeoutSec?.value).toBe(900);
    expect(at(t.timeoutSec)).toEqual([8, 20, 8, 23]);
    expect(t.serves.map((s) => [s.value, ...at(s)!])).toEqual([['a.example.org', 10, 36, 10, 51]]);

    const d = spec(out.facts, 'dashboard');
    expect(d.gates).toEqual([]);
    expect(d.order.map((s) => s.value)).toEqual(['traefik']);
    expect(d.timeoutSec?.value).toBe(300);
    // The dataclass itself is a record type, not a spec.
    expect(specs(out.facts).map((s) => s.name)).toEqual(['traefik', 'dashboard']);
  });

  it('maps positional arguments to __init__ parameters and reads timedelta timeouts', () => {
    const src = [
      'from datetime import timedelta',
      'class Spec:',
      '    def __init__(self, stack, health_url=None, wait_timeout=timedelta(minutes=10)):',
      '        self.stack = stack',
      'SPECS = {"a": Spec("a.yml", "http://a.example.org:8080/up"), "b": Spec("b.yml", wait_timeout=timedelta(hours=1, seconds=30))}',
    ].join('\n');
    const out = read(src);
    const a = spec(out.facts, 'a');
    expect(a.stacks.map((x) => x.value)).toEqual(['a.yml']);
    expect(a.gates.map((x) => [x.value, ...at(x)!])).toEqual([['http://a.example.org:8080/up', 5, 29, 5, 59]]);
    expect(a.timeoutSec?.value).toBe(600);
    expect(at(a.timeoutSec)).toEqual([3, 61, 3, 82]);
    expect(spec(out.facts, 'b').timeoutSec?.value).toBe(3630);
  });

  it('reads a list of records named by their name field, including referenced constants', () => {
    const src = [
      'from collections import namedtuple',
      'Spec = namedtuple("Spec", "name stack health_host wait_timeout", defaults=(None, 120))',
      'TRAEFIK = Spec("traefik", "stacks/traefik.yml", "ci.example.org")',
      'SPECS = [',
      '    TRAEFIK,',
      '    dict(name="drone", stack="stacks/drone.yml", wait_for="drone:80"),',
      '    {"stack": "unnamed.yml"},',
      ']',
    ].join('\n');
    const out = read(src);
    expect(specs(out.facts).map((s) => s.name)).toEqual(['traefik', 'drone']);
    const t = spec(out.facts, 'traefik');
    // A referenced record points at where it is written.
    expect(at(t.span)).toEqual([3, 11, 3, 66]);
    expect(t.gates.map((g) => g.value)).toEqual(['ci.example.org']);
    expect(t.timeoutSec?.value).toBe(120);
    const d = spec(out.facts, 'drone');
    expect(at(d.span)).toEqual([6, 5, 6, 70]);
    expect(d.gates.map((g) => [g.value, ...at(g)!])).toEqual([['drone:80', 6, 59, 6, 69]]);
  });

  it('reads one class per spec, with inherited defaults', () => {
    const src = [
      'class Base:', // 1
      '    timeout = 600', // 2
      '', // 3
      'class Traefik(Base):', // 4
      '    name = "traefik"', // 5
      '    stack = "stacks/traefik.yml"', // 6
      '    health_domain = "ci.commoninternet.net"', // 7
      '', // 8
      'class Dashboard(Base):', // 9
      '    stack = "stacks/dashboard.yml"', // 10
      '    timeout = 60', // 11
    ].join('\n');
    const out = read(src);
    expect(specs(out.facts).map((s) => s.name)).toEqual(['traefik', 'Dashboard']);
    const t = spec(out.facts, 'traefik');
    expect(at(t.span)).toEqual([4, 7, 4, 14]);
    expect(at(t.gates[0])).toEqual([7, 21, 7, 44]);
    expect(t.timeoutSec?.value).toBe(600);
    expect(at(t.timeoutSec)).toEqual([2, 15, 2, 18]);
    expect(spec(out.facts, 'Dashboard').timeoutSec?.value).toBe(60);
  });

  it('does not take a settings class with only served-style fields for a spec', () => {
    expect(read('class Settings:\n    url = "https://api.example.org"\n    timeout = 5\n').facts).toEqual([]);
  });

  it('reads a class whose attributes are records', () => {
    const src = [
      'class Specs:',
      '    traefik = Spec(stack="stacks/traefik.yml", health_domain="ci.example.org")',
      '    dashboard = {"stack": "stacks/dashboard.yml"}',
      '    retries = 3',
    ].join('\n');
    const out = read(src);
    expect(specs(out.facts).map((s) => [s.name, ...at(s.span)!])).toEqual([
      ['traefik', 2, 5, 2, 12],
      ['dashboard', 3, 5, 3, 14],
    ]);
  });

  it('reads TABLE["key"] = record additions and dict(key=record) tables', () => {
    const src = [
      'SPECS = {}',
      'SPECS["traefik"] = Spec(stack="s.yml", health_domain="ci.example.org")',
      'MORE = dict(drone=Spec(stack="d.yml", wait_for="drone:80"))',
    ].join('\n');
    const out = read(src);
    expect(specs(out.facts).map((s) => [s.name, ...at(s.span)!])).toEqual([
      ['traefik', 2, 7, 2, 16],
      ['drone', 3, 13, 3, 18],
    ]);
  });

  it('ignores dicts of records without vocabulary fields and files without tables', () => {
    const src = ['LOGGING = {"root": {"level": "INFO"}, "x": {"handlers": []}}', 'def main():', '    print("hi")'].join('\n');
    const out = read(src);
    expect(out.facts).toEqual([]);
    expect(out.diagnostics).toEqual([]);
  });

  it('accepts a replaced vocabulary', () => {
    const src = 'SPECS = {"a": {"probe": "a.example.org"}}';
    const vocab = { ...DEFAULT_SPEC_VOCABULARY, gate: ['probe'] };
    expect(read(src).facts).toEqual([]);
    const out = parsePythonSource(parser, FILE, src, vocab);
    expect(specs(out.facts)[0]?.gates.map((g) => g.value)).toEqual(['a.example.org']);
  });
});

describe('python reconcile script', () => {
  const table = 'SPECS = {"traefik": {"health_domain": "ci.example.org"}}\n';

  it('finds sys.argv[1] and the gate function default timeout', () => {
    const src = [
      'import sys', // 1
      table.trimEnd(), // 2
      'def wait_healthy(url, timeout=15 * 60):', // 3
      '    pass', // 4
      'def run(cmd, timeout=30):', // 5
      '    pass', // 6
      'def main():', // 7
      '    spec = SPECS[sys.argv[1]]', // 8
      '    wait_healthy(spec["health_domain"])', // 9
    ].join('\n');
    const s = script(read(src).facts);
    expect(s?.file).toBe(FILE);
    expect(at(s?.span)).toEqual([1, 1, 1, 11]);
    expect(at(s?.specArg)).toEqual([8, 18, 8, 29]);
    expect(s?.defaultGateTimeoutSec?.value).toBe(900);
    expect(at(s?.defaultGateTimeoutSec)).toEqual([3, 31, 3, 38]);
  });

  it('prefers the function called with a gate field over a gate-like name', () => {
    const src = [
      table.trimEnd(),
      'def wait_for_port(port, timeout=5): pass',
      'def check(url, wait_timeout=300): pass',
      'check(SPECS["traefik"].health_domain)',
    ].join('\n');
    expect(script(read(src).facts)?.defaultGateTimeoutSec?.value).toBe(300);
  });

  it('finds sys.argv[1:] and from sys import argv', () => {
    expect(at(script(read(table + 'import sys\nfor name in sys.argv[1:]: pass\n').facts)?.specArg)).toEqual([3, 13, 3, 25]);
    expect(at(script(read(table + 'from sys import argv\nname = argv[1]\n').facts)?.specArg)).toEqual([3, 8, 3, 15]);
    expect(script(read(table + 'import sys\nprog = sys.argv[0]\n').facts)?.specArg).toBeUndefined();
  });

  it('finds an argparse positional, and a --stack option when there is none', () => {
    const positional = table + 'p = argparse.ArgumentParser()\np.add_argument("--dry-run")\np.add_argument("stack", help="spec")\n';
    expect(at(script(read(positional).facts)?.specArg)).toEqual([4, 16, 4, 23]);
    const option = table + 'p.add_argument("-v", "--verbose")\np.add_argument("-s", "--stack")\n';
    expect(at(script(read(option).facts)?.specArg)).toEqual([3, 22, 3, 31]);
  });

  it('emits no script fact for a file without a spec table', () => {
    expect(read('import sys\nx = sys.argv[1]\n').facts).toEqual([]);
  });
});

describe('python adapter', () => {
  it('reports a syntax error at the first error node and still reads what parsed', async () => {
    const src = ['SPECS = {"traefik": {"health_domain": "ci.example.org"}}', 'def broken(:', '    pass', ''].join('\n');
    const out = await runAdapter(pythonAdapter, 'python', { [FILE]: src });
    expect(out.diagnostics).toHaveLength(1);
    const d = out.diagnostics[0]!;
    expect(d.rule).toBe('parse-error');
    expect(d.severity).toBe('error');
    expect(d.location.file).toBe(FILE);
    expect(at(d.location)).toEqual([2, 12, 2, 12]);
    expect(d.message).toBe('Python syntax error: missing `)`');
    expect(specs(out.facts).map((s) => s.name)).toEqual(['traefik']);
  });

  it('points an ERROR node at its first line', async () => {
    const out = await runAdapter(pythonAdapter, 'python', { 'a.py': 'x = 1\ny = = 2\nz = 3\n' });
    expect(out.diagnostics.map((d) => [d.rule, ...at(d.location)!])).toEqual([['parse-error', 2, 5, 2, 6]]);
    expect(out.diagnostics[0]?.message).toContain('Python syntax error near `=`');
  });

  it('passes read failures through', async () => {
    const out = await runAdapter(pythonAdapter, 'python', { 'bin.py': Buffer.from([0x61, 0x00, 0x62]) });
    expect(out.facts).toEqual([]);
    expect(out.diagnostics.map((d) => d.message)).toEqual(['binary file (contains a NUL byte); not parsed']);
  });
});
