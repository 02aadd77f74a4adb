/**
 * Values flow into the scripts a unit calls: the shell reader records a value
 * built from the caller's arguments, options and environment (facts.ts
 * ScriptInput), and the graph builder fills it in from the invocation
 * (src/graph/build/script-inputs.ts). What stays unknown is dropped.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArgSyntax, ScriptValue } from '../src/model/facts.js';
import type { ShellAnalyzer } from '../src/parsers/shell/analyzer.js';
import { fill, guardsHold, type Caller, type Given } from '../src/graph/build/script-inputs.js';
import { span } from '../src/model/span.js';
import { lint } from '../src/lint.js';
import { parseEnvironmentFile } from '../src/parsers/systemd/adapter.js';
import { parsePythonSource } from '../src/parsers/python/adapter.js';
import { createPythonParser } from '../src/parsers/python/grammar.js';
import type { Fact, SpecFact, SpecScriptFact } from '../src/model/facts.js';
import { execValue, file, shellAnalyzer } from './helpers/shell.js';
import { tempRepo } from './helpers/temp-repo.js';

let a: ShellAnalyzer;
beforeAll(async () => {
  a = await shellAnalyzer();
});

/** Each wait's endpoint recipe in a script run with arguments (null: not built from the caller's inputs). */
const recipes = (text: string) => {
  const r = a.analyzeScript(file(text), { arguments: true });
  expect(r.diagnostics).toEqual([]);
  return r.facts.waits.map((w) => w.endpoint.from ?? null);
};

describe('the shell reader records what a value is built from', () => {
  it('$1, ${1} and "$1" are the first argument; a literal stays literal', () => {
    expect(recipes('until curl -sf "https://$1/health"; do sleep 1; done\nuntil nc -z ${2} 5432; do sleep 1; done\nuntil curl http://x; do sleep 1; done')).toEqual([
      ['https://', { arg: 1 }, '/health'],
      [{ arg: 2 }, ':', '5432'],
      null,
    ]);
  });

  it('"$@" in a for loop, and `for h; do`, is each argument', () => {
    expect(recipes('for u in "$@"; do until curl -sf "$u"; do sleep 1; done; done\nfor h; do until nc -z "$h" 80; do sleep 1; done; done')).toEqual([
      [{ eachArg: 1 }],
      [{ eachArg: 1 }, ':', '80'],
    ]);
  });

  it('a top-level shift moves $1 along; shift inside a loop or a branch makes it unknown', () => {
    expect(recipes('shift\nuntil curl -sf "$1"; do sleep 1; done')).toEqual([[{ arg: 2 }]]);
    expect(recipes('shift 2\nuntil curl -sf "$1"; do sleep 1; done')).toEqual([[{ arg: 3 }]]);
    expect(recipes('while [ $# -gt 0 ]; do case $1 in -h) H=$2; shift 2;; *) shift;; esac; done\nuntil curl -sf "$H"; do sleep 1; done')).toEqual([null]);
    expect(recipes('if [ "$1" = -v ]; then shift; fi\nuntil curl -sf "$1"; do sleep 1; done')).toEqual([null]);
  });

  it('getopts: $OPTARG under each letter is that option, with the earlier value as its default; shift $((OPTIND-1)) leaves the operands', () => {
    const r = a.analyzeScript(
      file('H=localhost\nwhile getopts "vh:" o; do\n  case $o in\n    h) H=$OPTARG ;;\n    v) set -x ;;\n  esac\ndone\nshift $((OPTIND-1))\nuntil curl -sf "https://$H/$1"; do sleep 1; done\n'),
      { arguments: true },
    );
    expect(r.facts.argSyntax).toEqual({
      style: 'getopts',
      options: [
        { names: ['-v'], key: '-v', takesValue: false },
        { names: ['-h'], key: '-h', takesValue: true },
      ],
    });
    expect(r.facts.waits[0]!.endpoint.from).toEqual(['https://', { option: '-h', absent: 'localhost' }, '/', { arg: 1, operands: true }]);
  });

  it('$NAME the script does not set is the environment; one it reads, loops over or sets itself is not', () => {
    expect(recipes('until curl -sf "$API_URL"; do sleep 1; done\nuntil curl -sf "${API:-https://fallback}"; do sleep 1; done')).toEqual([
      [{ env: 'API_URL' }],
      [{ env: 'API', absent: 'https://fallback' }],
    ]);
    expect(recipes('read URL\nuntil curl -sf "$URL"; do sleep 1; done\nfor h in a b; do until curl "$h"; do sleep 1; done; done\nuntil curl "$OPTARG$RANDOM"; do sleep 1; done')).toEqual([null, null, null]);
  });

  it("a function's $1 is its own: bound from the call, never the script's caller's", () => {
    expect(recipes('wait_for() { until curl -sf "$1"; do sleep 1; done; }\nwait_for "https://$2/x"')).toEqual([['https://', { arg: 2 }, '/x']]);
    expect(recipes('wait_for() { until curl -sf "$1"; do sleep 1; done; }')).toEqual([null]);
    // `f "$@"` passes the caller's arguments on: the function's $1 is the caller's $1, not each of them.
    expect(recipes('wait_for() { until curl -sf "$2"; do sleep 1; done; }\nwait_for "$@"')).toEqual([[{ arg: 2 }]]);
    expect(recipes('wait_for() { for u in "$@"; do until curl -sf "$u"; do sleep 1; done; done; }\nshift\nwait_for "$@"')).toEqual([[{ eachArg: 2 }]]);
  });

  it('case "$1" in …: what a branch does is guarded by its patterns; `*)` by none of the earlier ones; fallthrough is not guarded', () => {
    const r = a.analyzeScript(
      file('f() { systemctl start b; }\ncase "$1" in\n  start|re*) systemctl start a ;;\n  "stop") f ;;\n  *) systemctl start c ;;\nesac\ncase $1 in x) systemctl start d ;& y) : ;; esac\n'),
      { arguments: true },
    );
    expect(r.facts.unitStarts.map((u) => [u.unit.value, u.when ?? null])).toEqual([
      ['a.service', [{ input: { arg: 1 }, patterns: ['start', 're*'] }]],
      ['b.service', [{ input: { arg: 1 }, patterns: ['stop'] }]],
      ['c.service', [{ input: { arg: 1 }, patterns: ['start', 're*', 'stop'], otherwise: true }]],
      ['d.service', null],
    ]);
  });

  it('without `arguments` (a Nix script body, sh -c) $1 is not a caller input', () => {
    expect(a.analyzeScript(file('until curl -sf "$1"; do sleep 1; done')).facts.waits[0]!.endpoint.from).toBeUndefined();
  });

  it('a systemd command line: ${NAME} is one word of the environment, $NAME is split on blanks', () => {
    const r = a.analyzeExecLine(execValue('/opt/wait.sh ${TARGET} $HOSTS'));
    expect(r.facts.invocations[0]!.args.map((w) => w.from)).toEqual([[{ env: 'TARGET' }], [{ env: 'HOSTS', split: true }]]);
  });
});

const at = span('units/a.service', 7, 1);
const given = (...values: string[]): Given[] => values.map((value) => ({ value, span: at }));
const value = (from: ScriptValue['from']): ScriptValue => ({ value: '$x', span: span('x.sh', 1, 1), ...(from ? { from } : {}) });
const values = (v: ScriptValue, caller: Caller, syntax?: ArgSyntax) => fill(v, caller, syntax)?.map((f) => f.value) ?? null;
const getopts: ArgSyntax = { style: 'getopts', options: [{ names: ['-v'], key: '-v', takesValue: false }, { names: ['-h'], key: '-h', takesValue: true }] };
const argparse: ArgSyntax = { style: 'argparse', options: [{ names: ['-H', '--host'], key: 'host', takesValue: true }] };

describe('the graph builder fills a value from the invocation', () => {
  const env = new Map<string, Given>();

  it('positional arguments and "$@"; a missing one or an unknown list stays unknown', () => {
    expect(values(value(['https://', { arg: 1 }]), { args: given('a.org'), env })).toEqual(['https://a.org']);
    expect(values(value([{ eachArg: 1 }, ':80']), { args: given('a', 'b'), env })).toEqual(['a:80', 'b:80']);
    expect(values(value([{ arg: 2 }]), { args: given('a'), env })).toBeNull();
    expect(values(value([{ arg: 1 }]), { args: null, env })).toBeNull();
    expect(values(value([{ arg: 1 }]), { args: [null], env })).toBeNull();
    expect(values(value([{ arg: 2, absent: 'x' }]), { args: given('a'), env })).toEqual(['x']);
  });

  it('getopts options: grouped letters, attached values, defaults only when every argument was read', () => {
    const host = value([{ option: '-h', absent: 'localhost' }]);
    const operand = value([{ arg: 1, operands: true }]);
    expect(values(host, { args: given('-vh', 'db', 'x'), env }, getopts)).toEqual(['db']);
    expect(values(host, { args: given('-hdb'), env }, getopts)).toEqual(['db']);
    expect(values(host, { args: given('-v', 'x'), env }, getopts)).toEqual(['localhost']);
    expect(values(operand, { args: given('-v', 'x'), env }, getopts)).toEqual(['x']);
    expect(values(host, { args: [null, ...given('x')], env }, getopts)).toBeNull();
    // getopts stops at the first operand: a later -h is an operand.
    expect(values(host, { args: given('x', '-h', 'db'), env }, getopts)).toEqual(['localhost']);
  });

  it('argparse options anywhere, --name=value, positionals among them', () => {
    const host = value([{ option: 'host' }]);
    expect(values(host, { args: given('deploy', '--host=db'), env }, argparse)).toEqual(['db']);
    expect(values(host, { args: given('-H', 'db', 'deploy'), env }, argparse)).toEqual(['db']);
    expect(values(value([{ arg: 1, operands: true }]), { args: given('-H', 'db', 'deploy'), env }, argparse)).toEqual(['deploy']);
    expect(values(host, { args: given('--other', 'x'), env }, argparse)).toBeNull();
  });

  it('case guards: a branch holds for the values its globs match; an unknown input keeps every branch', () => {
    const guard = (patterns: string[], otherwise = false) => [{ input: { arg: 1 }, patterns, ...(otherwise ? { otherwise: true as const } : {}) }];
    expect(guardsHold(guard(['start', 're*']), { args: given('restart'), env }, undefined)).toBe(true);
    expect(guardsHold(guard(['start', 're*']), { args: given('stop'), env }, undefined)).toBe(false);
    expect(guardsHold(guard(['start'], true), { args: given('stop'), env }, undefined)).toBe(true);
    expect(guardsHold(guard(['start'], true), { args: given('start'), env }, undefined)).toBe(false);
    expect(guardsHold(guard(['st[a-z]rt', 'x?']), { args: given('xy'), env }, undefined)).toBe(true);
    expect(guardsHold(guard(['start']), { args: null, env }, undefined)).toBe(true);
  });

  it('the environment; a split $NAME holding blanks is unknown', () => {
    const e = new Map([['API', { value: 'https://a.org', span: at }], ['HOSTS', { value: 'a b', span: at }]]);
    expect(values(value([{ env: 'API' }]), { args: null, env: e })).toEqual(['https://a.org']);
    expect(values(value([{ env: 'HOSTS', split: true }]), { args: null, env: e })).toBeNull();
    expect(values(value([{ env: 'NOPE' }]), { args: null, env: e })).toBeNull();
    expect(fill(value([{ env: 'API' }]), { args: null, env: e }, undefined)![0]!.via[0]!.given.span).toEqual(at);
  });
});

describe('Python: spec gates built from sys.argv, os.environ and argparse', () => {
  const read = async (text: string): Promise<Fact[]> => {
    const parser = await createPythonParser();
    try {
      const out = parsePythonSource(parser, 'deploy.py', text);
      expect(out.diagnostics).toEqual([]);
      return out.facts;
    } finally {
      parser.delete();
    }
  };
  const gates = (facts: Fact[]) => Object.fromEntries(facts.filter((f): f is SpecFact => f.kind === 'spec').map((s) => [s.name, s.gates.map((g) => g.from ?? g.value)]));

  it('sys.argv[N], os.environ[...], os.environ.get/os.getenv with a default, f-strings of them; a literal stays literal', async () => {
    const facts = await read(
      'import os, sys\nSPECS = {\n  "a": {"stack": "a.yml", "health_domain": sys.argv[2]},\n  "b": {"stack": "b.yml", "health_url": f"https://{os.environ[\'B_HOST\']}/ping"},\n  "c": {"stack": "c.yml", "health_domain": os.getenv("C_HOST", "c.example.org")},\n  "d": {"stack": "d.yml", "health_domain": os.environ.get("D_HOST")},\n  "e": {"stack": "e.yml", "health_domain": "e.example.org"},\n  "f": {"stack": "f.yml", "health_domain": compute()},\n}\n',
    );
    expect(gates(facts)).toEqual({
      a: [[{ arg: 2 }]],
      b: [['https://', { env: 'B_HOST' }, '/ping']],
      c: [[{ env: 'C_HOST', absent: 'c.example.org' }]],
      d: [[{ env: 'D_HOST' }]],
      e: ['e.example.org'],
      f: [],
    });
  });

  it('argparse: a positional is the n-th operand, an option its key with its default; the script records its syntax', async () => {
    const facts = await read(
      'import argparse\np = argparse.ArgumentParser()\np.add_argument("spec")\np.add_argument("host")\np.add_argument("-H", "--health-host", default="x.org")\np.add_argument("-v", action="store_true")\nargs = p.parse_args()\nSPECS = {"a": {"stack": "a.yml", "health_domain": args.health_host}, "b": {"stack": "b.yml", "health_domain": args.host}}\n',
    );
    expect(gates(facts)).toEqual({ a: [[{ option: 'health_host', absent: 'x.org' }]], b: [[{ arg: 2, operands: true }]] });
    expect(facts.find((f): f is SpecScriptFact => f.kind === 'spec-script')?.argSyntax).toEqual({
      style: 'argparse',
      options: [
        { names: ['-H', '--health-host'], key: 'health_host', takesValue: true },
        { names: ['-v'], key: 'v', takesValue: false },
      ],
    });
  });
});

describe('EnvironmentFile=', () => {
  it('reads NAME=value lines, quotes removed, comments skipped', () => {
    const vars = parseEnvironmentFile('# c\n; c\nA=1\nexport B="two words"\nC=\'x\'\nnot a line\n', 'etc/a.env');
    expect(Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, `${v.value}@${v.span.line}`]))).toEqual({ A: '1@3', B: 'two words@4', C: 'x@5' });
  });

  it('a file that links out of the repository is not read: the value stays unknown, no finding', async () => {
    const outside = join(tmpdir(), `deploy-lint-outside-${process.pid}.env`);
    writeFileSync(outside, 'API_URL=https://api.example.org/health\n');
    const unit = (envFile: string) =>
      `[Unit]\nDescription=Wait for the API\n\n[Service]\nType=oneshot\nTimeoutStartSec=60\nEnvironmentFile=${envFile}\nExecStart=/usr/local/bin/wait-api\n\n[Install]\nWantedBy=multi-user.target\n`;
    const files = {
      'usr/local/bin/wait-api': '#!/bin/sh\nuntil curl -sf "$API_URL"; do sleep 2; done\n',
      'etc/systemd/system/deploy-api.service': '[Unit]\nAfter=wait-api.service\n[Service]\nType=oneshot\nTimeoutStartSec=60\nExecStart=/usr/bin/docker stack deploy -c /srv/api.yml api\n[Install]\nWantedBy=multi-user.target\n',
      'srv/api.yml': 'services:\n  api:\n    image: a/api\n    deploy:\n      labels:\n        - "traefik.http.routers.a.rule=Host(`api.example.org`)"\n',
    };
    const inside = tempRepo({ ...files, 'etc/systemd/system/wait-api.service': unit('/etc/api.env'), 'etc/api.env': 'API_URL=https://api.example.org/health\n' });
    const linked = tempRepo({ ...files, 'etc/systemd/system/wait-api.service': unit('/etc/api.env'), 'etc/api.env': `->${outside}` });
    const rules = (dir: string) => lint({ paths: ['.'], cwd: dir, select: ['health-gate-deadlock'] }).then((r) => r.diagnostics.map((d) => `${d.rule} ${d.location.file}:${d.location.line}`));
    expect(await rules(inside)).toEqual(['health-gate-deadlock usr/local/bin/wait-api:2']);
    expect(await rules(linked)).toEqual([]);
  });
});
