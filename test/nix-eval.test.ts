/**
 * The evaluator beyond what nix-instantiate can check: source maps of
 * strings, string context, repository paths, unknowns, provenance of
 * attribute names, and bad input (infinite recursion, depth, budgets, huge
 * strings) ending in diagnostics, never in a crash or a hang.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spanIn, type Span } from '../src/model/span.js';
import { Env } from '../src/parsers/nix/eval/env.js';
import { BudgetExceeded, createMachine, EvalError, evalNixText, RepoFileAccess } from '../src/parsers/nix/eval/index.js';
import { compareNames, Thunk, type StrV, type Value } from '../src/parsers/nix/eval/value.js';
import { installPackageHooks, makeLib, PKGS } from '../src/parsers/nix/modules/lib.js';
import { parseNix } from '../src/parsers/nix/syntax/parser.js';
import { tempRepo } from './helpers/temp-repo.js';
import { spanOf } from '../src/parsers/nix/syntax/positions.js';

const at = (s: Span): string => `${s.file}:${s.line}:${s.column}-${s.endLine}:${s.endColumn}`;

/** Evaluates `text` as file `f.nix` of a temp repo, with `lib` and `pkgs` in scope. */
function run(text: string, extra: Record<string, string> = {}, opts: { budget?: number; fileBudget?: number } = {}) {
  const dir = tempRepo({ 'f.nix': text, ...extra });
  const m = createMachine({ files: new RepoFileAccess(dir, dir), cwd: dir, budget: opts.budget ?? 2_000_000, fileBudget: opts.fileBudget });
  const lib = makeLib(m);
  installPackageHooks(m, lib);
  const ast = parseNix(text, 'f.nix').ast!;
  const env = Env.scope(new Map([['lib', Thunk.of(lib)], ['pkgs', Thunk.of(PKGS)]]), m.globals);
  return { dir, m, value: (): Value => m.eval(ast, env) };
}

function str(v: Value): StrV {
  if (v.t !== 'string') throw new Error(`not a string: ${v.t}`);
  return v;
}

/** Where characters [from, to) of a string value come from. */
function place(v: StrV, from: number, to: number): string {
  return at(spanIn({ text: v.s, file: v.src!.file, segments: v.src!.segments }, from, to));
}

describe('strings remember where they are written', () => {
  it('a literal maps through its escapes', () => {
    const v = str(run('"a\\tb\\"c ${"x"} d"').value());
    expect(v.s).toBe('a\tb"c x d');
    expect(place(v, 0, 1)).toBe('f.nix:1:2-1:3');
    expect(place(v, 2, 3)).toBe('f.nix:1:5-1:6'); // after the \t escape
    expect(place(v, 4, 5)).toBe('f.nix:1:8-1:9'); // after the \" escape
  });

  it('an indented string maps each line past the stripped indentation', () => {
    const v = str(run("let s = ''\n      first\n        second ${toString 1}\n      third\n    ''; in s").value());
    expect(v.s).toBe('first\n  second 1\nthird\n');
    expect(place(v, 0, 5)).toBe('f.nix:2:7-2:12');
    expect(place(v, 6, 14)).toBe('f.nix:3:7-3:15');
    expect(place(v, 17, 22)).toBe('f.nix:4:7-4:12');
  });

  it('spliced text maps onto its interpolation and never beyond it', () => {
    const v = str(run('let long = "a-rather-long-value"; in "<${long}> x"').value());
    expect(v.s).toBe('<a-rather-long-value> x');
    const start = 1;
    const end = 1 + 'a-rather-long-value'.length;
    expect(place(v, start, end)).toBe('f.nix:1:40-1:47'); // the whole `${long}`
    expect(place(v, start, start + 3)).toBe('f.nix:1:40-1:43');
    expect(place(v, end + 2, end + 3)).toBe('f.nix:1:49-1:50'); // text after it is where it is written
    expect(v.origin && at(v.origin)).toBe('f.nix:1:12-1:33'); // the literal the text came from
  });

  it('`+` keeps the maps of both sides in one file', () => {
    const v = str(run('let a = "left"; in a + "-right"').value());
    expect(place(v, 0, 3)).toBe('f.nix:1:10-1:13');
    expect(place(v, 4, 10)).toBe('f.nix:1:25-1:31');
  });

  it('readFile text maps onto the file it was read from', () => {
    const r = run('builtins.readFile ./deploy.sh', { 'deploy.sh': 'echo one\necho two\n' });
    const v = str(r.value());
    expect(place(v, 9, 13)).toBe('deploy.sh:2:1-2:5');
  });
});

describe('paths, packages and context', () => {
  it('a path is the absolute repository path; interpolated, the store path it is copied to (as in Nix)', () => {
    const r = run('[ ./scripts/x.py "${./scripts/x.py}" (toString ./a/../b) ]');
    const v = r.value();
    if (v.t !== 'list') throw new Error('list');
    expect(r.m.force(v.items[0]!)).toEqual({ t: 'path', p: join(r.dir, 'scripts/x.py') });
    expect(str(r.m.force(v.items[1]!)).s).toMatch(/^\/nix\/store\/[0-9a-z]{32}-x\.py$/);
    expect(r.m.fromStore(str(r.m.force(v.items[1]!)).s)).toBe(join(r.dir, 'scripts/x.py'));
    expect(str(r.m.force(v.items[2]!)).s).toBe(join(r.dir, 'b'));
  });

  it('pkgs.X is an opaque store path whose context remembers pkgs.X', () => {
    const v = str(run('"${pkgs.python3}/bin/python3 -u"').value());
    expect(v.s).toMatch(/^\/nix\/store\/[0-9a-z]{32}-python3\/bin\/python3 -u$/);
    expect([...v.ctx!]).toEqual(['pkgs.python3']);
    const call = str(run('"${pkgs.writeShellScript "deploy" "echo hi"}"').value());
    expect(call.s).toMatch(/-deploy$/);
    expect([...call.ctx!]).toEqual(['pkgs.writeShellScript "deploy"']);
  });

  it('lib.getExe and makeBinPath work on opaque packages; pkgs.lib is lib; with pkgs; finds packages', () => {
    const v = str(run('"${lib.getExe pkgs.hello} ${lib.makeBinPath [ pkgs.curl ]} ${toString (pkgs.lib.optional true 1)}"').value());
    expect(v.s).toMatch(/^\/nix\/store\/\w{32}-hello\/bin\/hello \/nix\/store\/\w{32}-curl\/bin 1$/);
    const w = run('with lib; with pkgs; [ git (optionalString true "y") ]').value();
    if (w.t !== 'list') throw new Error('list');
    expect(w.items.length).toBe(2);
  });
});

describe('unknowns propagate instead of failing', () => {
  it('through selection, calls, operators and conditionals', () => {
    const r = run('{ a = pkgs.stdenv.isLinux; b = pkgs.stdenv.isLinux && false; c = false && pkgs.x; d = if pkgs.x then 1 else 2; e = builtins.currentSystem + "x"; f = builtins.length [ pkgs.x ]; g = builtins.fetchurl { url = "u"; }; }');
    const v = r.value();
    if (v.t !== 'attrs') throw new Error('attrs');
    const get = (k: string): Value => r.m.force(v.map.get(k)!.v);
    expect(get('a')).toMatchObject({ t: 'unknown', label: 'pkgs.stdenv.isLinux' });
    expect(get('b')).toEqual({ t: 'bool', v: false });
    expect(get('c')).toEqual({ t: 'bool', v: false });
    expect(get('d').t).toBe('unknown');
    expect(get('e').t).toBe('unknown');
    expect(get('f')).toEqual({ t: 'int', v: 1n });
    expect(get('g')).toMatchObject({ t: 'unknown', store: true });
  });

  it('a lib function we do not have is unknown (and said so), not an error', () => {
    const r = run('lib.someFutureFunction 1');
    expect(r.value()).toMatchObject({ t: 'unknown', label: 'lib.someFutureFunction' });
    expect(r.m.notes.map((d) => d.message)).toEqual(['lib.someFutureFunction is not implemented by the analyzer: its value is unknown']);
  });

  it('import <nixpkgs> {} is pkgs; <nixpkgs> alone is unknown', () => {
    expect(run('(import <nixpkgs> { }).hello').value()).toMatchObject({ t: 'unknown' });
  });
});

describe('attribute names keep where they were written', () => {
  it("attrNames, mapAttrs' and listToAttrs place generated keys at the literal they came from", () => {
    const r = run(`let
  table = { proxy = 1; dashboard = 2; };
in {
  a = lib.mapAttrs' (n: v: lib.nameValuePair "deploy-\${n}" v) table;
  b = builtins.listToAttrs (map (n: { name = n; value = 0; }) [ "x" "y" ]);
  c = lib.genAttrs [ "p" ] (n: n);
}`);
    const v = r.value();
    if (v.t !== 'attrs') throw new Error('attrs');
    const keys = (k: string): string[] => {
      const s = r.m.force(v.map.get(k)!.v);
      if (s.t !== 'attrs') throw new Error('attrs');
      return [...s.map].map(([name, a]) => `${name}@${at(a.key!)}`).sort();
    };
    expect(keys('a')).toEqual(['deploy-dashboard@f.nix:2:24-2:33', 'deploy-proxy@f.nix:2:13-2:18']);
    expect(keys('b')).toEqual(['x@f.nix:5:65-5:68', 'y@f.nix:5:69-5:72']);
    expect(keys('c')).toEqual(['p@f.nix:6:22-6:25']);
  });
});

describe('bad input ends in a diagnostic', () => {
  it('infinite recursion is an error at the binding', () => {
    const r = evalNixText('let\n  x = x;\nin x');
    expect(r).toMatchObject({ ok: false, error: 'infinite recursion encountered', kind: 'eval' });
    if (r.ok || !r.span) throw new Error('span');
    expect(at(r.span)).toBe('expr.nix:2:7-2:8');
  });

  it('deep recursion stops with an error, not a JS stack overflow', () => {
    const r = evalNixText('let f = n: 1 + f (n + 1); in f 0');
    expect(r).toMatchObject({ ok: false, kind: 'eval' });
    if (r.ok) throw new Error('no');
    expect(r.error).toMatch(/stack overflow/);
  });

  it('a deep chain of thunks and deep data stop the same way', () => {
    const chain = evalNixText('let xs = builtins.genList (i: if i == 0 then 0 else builtins.elemAt xs (i - 1) + 1) 100000; in builtins.elemAt xs 99999');
    expect(chain.ok).toBe(false);
    const data = evalNixText('let g = n: if n == 0 then 0 else [ (g (n - 1)) ]; in g 100000');
    expect(data.ok).toBe(false);
  });

  it('an endless loop stops at the step budget', () => {
    const t0 = Date.now();
    const r = evalNixText('let spin = x: spin x; in spin 1', { budget: 200_000 });
    expect(r).toMatchObject({ ok: false, kind: 'budget' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('a file over its own budget stops; the session goes on', () => {
    const r = run('import ./loop.nix + 1', { 'loop.nix': 'let spin = x: spin x; in spin 1' }, { fileBudget: 50_000 });
    let err: unknown;
    try {
      r.value();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BudgetExceeded);
    expect((err as BudgetExceeded).file).toBe('loop.nix');
    expect(r.m.run.steps).toBeLessThan(60_000);
  });

  it('huge strings are fine', () => {
    const t0 = Date.now();
    const r = evalNixText('builtins.stringLength (builtins.concatStringsSep "\\n" (builtins.genList (i: "echo line ${toString i}") 100000))');
    expect(r).toMatchObject({ ok: true, json: '1588889' });
    const big = 'x'.repeat(4_000_000);
    expect(evalNixText(`builtins.stringLength "${big}"`)).toMatchObject({ ok: true, json: '4000000' });
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('errors carry their place; tryEval catches only throw and assert', () => {
    const r = evalNixText('{ a = 1; }.b');
    expect(r).toMatchObject({ ok: false, error: "attribute 'b' missing" });
    expect(evalNixText('(builtins.tryEval (throw "x")).success')).toMatchObject({ ok: true, json: 'false' });
    expect(evalNixText('(builtins.tryEval ({ }.b)).success').ok).toBe(false);
  });

  it('never throws anything but EvalError or BudgetExceeded from evaluation', () => {
    const m = createMachine({ files: new RepoFileAccess('/tmp', '/tmp'), cwd: '/tmp', budget: 100_000 });
    for (const text of ['1 + "a"', '[ 1 ] ++ 2', 'x: x.y', '(x: x) 1 2', 'builtins.substring (-1) 1 "a"', 'builtins.match "(" "a"', 'builtins.fromJSON "{"']) {
      const ast = parseNix(text, 'e.nix').ast!;
      try {
        const v = m.eval(ast, m.globals);
        if (v.t === 'lambda') continue;
        m.apply(v, Thunk.of({ t: 'null' }), spanOf(ast));
      } catch (e) {
        expect(e instanceof EvalError || e instanceof BudgetExceeded).toBe(true);
      }
    }
  });
});

describe('attribute names sort as Nix sorts them', () => {
  it('by their UTF-8 bytes, past the surrogates and U+E000–FFFF too', () => {
    const names = ['b', 'a', 'A', '-', 'é', '\ue000', '\uffff', '😀', '😁', '𐀀', 'a😀', 'a\uffff', 'ab', 'a', ''];
    const bytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8')));
    expect([...names].sort(compareNames)).toEqual(bytes);
  });
});
