/**
 * Differential test of the evaluator against `nix-instantiate --eval --strict
 * --json` (Nix 2.8) on closed expressions: thousands of generated ones
 * (seeded, typed so most evaluate), hand-picked ones for the corners (laziness,
 * escapes, number formatting, 64-bit wrap, builtins), and lib functions — our
 * Nix prelude evaluated by Nix itself against our evaluator running it with its
 * native parts. Each expression either gives the same JSON text on both sides
 * or fails on both. The agreement counts are printed.
 *
 * Batching keeps it fast: a batch is one Nix file `[ (builtins.toJSON (e1)) … ]`
 * (toJSON prints exactly what --json prints); a batch that fails is bisected
 * to find the expressions Nix rejects.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toJSONText } from '../../src/parsers/nix/eval/builtins/json.js';
import { Env } from '../../src/parsers/nix/eval/env.js';
import { BudgetExceeded, createMachine, EvalError, evalNixText, RepoFileAccess } from '../../src/parsers/nix/eval/index.js';
import { Thunk } from '../../src/parsers/nix/eval/value.js';
import { makeLib } from '../../src/parsers/nix/modules/lib.js';
import { PRELUDE } from '../../src/parsers/nix/modules/prelude.js';
import { parseNix } from '../../src/parsers/nix/syntax/parser.js';
import { spanOf } from '../../src/parsers/nix/syntax/positions.js';

const NIX = spawnSync('nix-instantiate', ['--version'], { encoding: 'utf8' }).status === 0;
if (!NIX) console.log('nix-eval-differential: SKIPPED — nix-instantiate is not on PATH');
const GENERATED = Number(process.env.NIX_EVAL_GENERATED ?? 3000);
const SEED = Number(process.env.NIX_EVAL_SEED ?? 20260613);
const DIR = mkdtempSync(join(tmpdir(), 'deploy-lint-eval-diff-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

// ---------------------------------------------------------------------------
// The reference

type Outcome = { ok: true; json: string } | { ok: false; error: string };

/**
 * Nix's outcome for each expression; `prefix` binds names (lib) around every
 * one. Expressions our side rejects (`likelyFail`) go one per process, the rest
 * in batches; a batch that fails anyway is bisected.
 */
function runNix(exprs: readonly string[], likelyFail: readonly boolean[], prefix = ''): Outcome[] {
  const out: Outcome[] = new Array(exprs.length);
  let n = 0;
  const solve = (idx: number[]): void => {
    const file = join(DIR, `batch-${n++}.nix`);
    writeFileSync(file, `${prefix}[\n${idx.map((i) => `(builtins.toJSON (${exprs[i]}))`).join('\n')}\n]\n`);
    const r = spawnSync('nix-instantiate', ['--eval', '--strict', '--json', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status === 0) {
      const texts = JSON.parse(r.stdout) as string[];
      texts.forEach((json, k) => (out[idx[k]!] = { ok: true, json }));
      return;
    }
    if (idx.length === 1) {
      out[idx[0]!] = { ok: false, error: r.stderr.split('\n').find((l) => l.startsWith('error')) ?? r.stderr };
      return;
    }
    const mid = idx.length >> 1;
    solve(idx.slice(0, mid));
    solve(idx.slice(mid));
  };
  const good = exprs.map((_, i) => i).filter((i) => !likelyFail[i]);
  for (let i = 0; i < good.length; i += 250) solve(good.slice(i, i + 250));
  exprs.forEach((_, i) => likelyFail[i] && solve([i]));
  return out;
}

/**
 * Known, explained disagreement: Nix strings are bytes, ours are Unicode text.
 * An operation that cuts a multi-byte UTF-8 character (an empty pattern in
 * replaceStrings inserts between its bytes) gives Nix invalid UTF-8, which
 * its JSON output carries raw and which we cannot represent. Recognised by the
 * replacement character those bytes decode to.
 */
function invalidUtf8(n: Outcome): boolean {
  return n.ok && n.json.includes('\uFFFD');
}

// ---------------------------------------------------------------------------
// Ours

function ours(expr: string): Outcome {
  const r = evalNixText(`builtins.toJSON (${expr})`, { dir: DIR, budget: 2_000_000 });
  if (!r.ok) return { ok: false, error: r.error };
  const v = r.value;
  return v.t === 'string' ? { ok: true, json: v.s } : { ok: false, error: `not a string: ${r.json}` };
}

/** Our evaluator with our lib bound to `lib` (its native parts included). */
function oursWithLib(expr: string): Outcome {
  const parsed = parseNix(`builtins.toJSON (${expr})`, 'expr.nix');
  if (!parsed.ast) return { ok: false, error: 'syntax error' };
  const m = createMachine({ files: new RepoFileAccess(DIR, DIR), cwd: DIR, budget: 2_000_000 });
  try {
    const lib = makeLib(m);
    const env = Env.scope(new Map([['lib', Thunk.of(lib)]]), m.globals);
    const v = m.eval(parsed.ast, env);
    return v.t === 'string' ? { ok: true, json: v.s } : { ok: false, error: `not a string: ${toJSONText(m, v, spanOf(parsed.ast))}` };
  } catch (e) {
    if (e instanceof EvalError || e instanceof BudgetExceeded) return { ok: false, error: e.message };
    throw e;
  }
}

interface Tally {
  same: number;
  bothFail: number;
  /** Disagreements of the known class (invalid UTF-8 from cutting characters into bytes). */
  bytes: number;
  differ: Array<{ expr: string; nix: Outcome; ours: Outcome }>;
}

function differential(exprs: readonly string[], mine: (e: string) => Outcome, prefix = ''): Tally {
  const ourOutcomes = exprs.map(mine);
  const nix = runNix(
    exprs,
    ourOutcomes.map((o) => !o.ok),
    prefix,
  );
  const t: Tally = { same: 0, bothFail: 0, bytes: 0, differ: [] };
  exprs.forEach((expr, i) => {
    const n = nix[i]!;
    const o = ourOutcomes[i]!;
    if (n.ok && o.ok && n.json === o.json) t.same++;
    else if (!n.ok && !o.ok) t.bothFail++;
    else if (invalidUtf8(n) && o.ok) t.bytes++;
    else t.differ.push({ expr, nix: n, ours: o });
  });
  return t;
}

function report(name: string, exprs: readonly string[], t: Tally): void {
  console.log(
    `nix-eval-differential ${name}: ${t.same + t.bothFail}/${exprs.length} agree (${t.same} same value, ${t.bothFail} both fail), ` +
      `${t.bytes} known byte-level differences, ${t.differ.length} differ`,
  );
  for (const d of t.differ.slice(0, 10)) console.log(`  DIFF ${d.expr}\n    nix:  ${JSON.stringify(d.nix)}\n    ours: ${JSON.stringify(d.ours)}`);
}

// ---------------------------------------------------------------------------
// Generated expressions: a seeded, typed generator (most expressions evaluate;
// a few are meant to fail — out of range, missing attributes, type errors).

class Rng {
  constructor(private s: number) {}
  next(): number {
    // mulberry32
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

type Ty = 'int' | 'bool' | 'string' | 'float' | 'listInt' | 'listString' | 'attrs' | 'any';

const NAMES = ['a', 'b', 'c', 'x', 'y', 'foo', 'bar-baz', "q'"];
const CHARS = ['a', 'b', 'z', ' ', '-', '.', '/', ':', ',', '\\n', '\\t', '\\"', '\\\\', '$', 'é', '{', '}', '\\${'];

class Gen {
  constructor(private r: Rng) {}

  expr(ty: Ty, depth: number): string {
    const leaf = depth <= 0 || this.r.chance(0.25);
    switch (ty) {
      case 'int':
        return leaf ? this.intLit() : this.pickOf(this.intForms(depth - 1));
      case 'bool':
        return leaf ? this.r.pick(['true', 'false']) : this.pickOf(this.boolForms(depth - 1));
      case 'string':
        return leaf ? this.strLit() : this.pickOf(this.strForms(depth - 1));
      case 'float':
        return leaf ? this.r.pick(['1.5', '0.1', '2.0', '123456789.0', '.25', '1.0e3', '0.000001234', '3.14159265358979']) : this.pickOf(this.floatForms(depth - 1));
      case 'listInt':
        return leaf ? this.listLit('int', depth) : this.pickOf(this.listIntForms(depth - 1));
      case 'listString':
        return leaf ? this.listLit('string', depth) : this.pickOf(this.listStringForms(depth - 1));
      case 'attrs':
        return leaf ? this.attrsLit(depth) : this.pickOf(this.attrsForms(depth - 1));
      case 'any':
        return this.expr(this.r.pick(['int', 'bool', 'string', 'float', 'listInt', 'listString', 'attrs'] as const), depth);
    }
  }

  private pickOf(forms: Array<() => string>): string {
    return this.r.pick(forms)();
  }

  private intLit(): string {
    const n = this.r.chance(0.05) ? this.r.pick(['9223372036854775807', '4611686018427387904', '2147483648']) : String(this.r.int(100));
    return this.r.chance(0.15) ? `(-${n})` : String(n);
  }

  private strLit(): string {
    let s = '';
    const n = this.r.int(6);
    for (let i = 0; i < n; i++) s += this.r.pick(CHARS);
    return `"${s}"`;
  }

  private name(): string {
    return this.r.pick(NAMES);
  }

  private listLit(elem: Ty, depth: number): string {
    const n = this.r.int(4);
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(`(${this.expr(elem, depth - 1)})`);
    return `[ ${items.join(' ')} ]`;
  }

  private attrsLit(depth: number): string {
    const n = this.r.int(4);
    const names = new Set<string>();
    for (let i = 0; i < n; i++) names.add(this.name());
    const binds = [...names].map((k) => `${k} = ${this.expr('any', depth - 1)};`);
    if (this.r.chance(0.2)) binds.push(`nested.${this.name()} = ${this.intLit()};`);
    return `${this.r.chance(0.2) ? 'rec ' : ''}{ ${binds.join(' ')} }`;
  }

  private intForms(d: number): Array<() => string> {
    const I = (): string => this.expr('int', d);
    return [
      () => `(${I()} + ${I()})`,
      () => `(${I()} - ${I()})`,
      () => `(${I()} * ${I()})`,
      () => `(${I()} / ${this.r.int(9) + 1})`,
      () => `(builtins.div ${I()} (${this.r.pick(['-3', '2', '7'])}))`,
      () => `(builtins.length ${this.expr('listInt', d)})`,
      () => `(builtins.stringLength ${this.expr('string', d)})`,
      () => `(if ${this.expr('bool', d)} then ${I()} else ${I()})`,
      () => `(let x = ${I()}; y = x + ${I()}; in y * 2)`,
      () => `((x: x * 3) ${I()})`,
      () => `(({ a, b ? 10, ... }: a + b) { a = ${I()}; c = 1; })`,
      () => `(builtins.foldl' (acc: v: acc + v) ${I()} ${this.expr('listInt', d)})`,
      () => `({ p = ${I()}; q = ${I()}; }.${this.r.pick(['p', 'q'])})`,
      () => `({ p = 1; }.${this.r.pick(['p', 'zz'])} or ${I()})`,
      () => `(rec { u = ${I()}; v = u + 1; }.v)`,
      () => `(with { w = ${I()}; }; w + ${I()})`,
      () => `(builtins.bitAnd ${I()} ${I()})`,
      () => `(builtins.bitXor ${I()} ${I()})`,
      () => `(builtins.elemAt [ ${I()} ${I()} ] ${this.r.int(3)})`,
      () => `(builtins.head ${this.expr('listInt', d)})`,
      () => `(builtins.compareVersions ${this.r.pick(['"1.2.3"', '"1.2pre"', '"2.0"', '"1.10"'])} ${this.r.pick(['"1.2"', '"1.2.3a"', '"1.9"', '"2.0"'])})`,
      () => `(builtins.length (builtins.attrNames ${this.expr('attrs', d)}))`,
      () => `(let f = n: if n <= 0 then 0 else n + f (n - 1); in f ${this.r.int(30)})`,
      () => `(builtins.floor ${this.expr('float', d)})`,
      () => `(builtins.ceil ${this.expr('float', d)})`,
    ];
  }

  private boolForms(d: number): Array<() => string> {
    const B = (): string => this.expr('bool', d);
    const I = (): string => this.expr('int', d);
    return [
      () => `(${I()} < ${I()})`,
      () => `(${I()} >= ${I()})`,
      () => `(${I()} == ${I()})`,
      () => `(${this.expr('string', d)} == ${this.expr('string', d)})`,
      () => `(${this.expr('string', d)} < ${this.expr('string', d)})`,
      () => `(${this.expr('listInt', d)} == ${this.expr('listInt', d)})`,
      () => `(${this.expr('listInt', d)} < ${this.expr('listInt', d)})`,
      () => `(${this.expr('attrs', d)} == ${this.expr('attrs', d)})`,
      () => `(!${B()})`,
      () => `(${B()} && ${B()})`,
      () => `(${B()} || ${B()})`,
      () => `(${B()} -> ${B()})`,
      () => `(${this.expr('attrs', d)} ? ${this.name()})`,
      () => `({ a.b = 1; } ? a.${this.r.pick(['b', 'c'])})`,
      () => `(builtins.elem ${I()} ${this.expr('listInt', d)})`,
      () => `(builtins.hasAttr "${this.name()}" ${this.expr('attrs', d)})`,
      () => `(builtins.isString ${this.expr('any', d)})`,
      () => `(builtins.isAttrs ${this.expr('any', d)})`,
      () => `(builtins.any (v: v > 5) ${this.expr('listInt', d)})`,
      () => `(builtins.all (v: v < 50) ${this.expr('listInt', d)})`,
      () => `(${this.expr('float', d)} < ${I()})`,
      () => `((builtins.tryEval (if ${B()} then throw "no" else 1)).success)`,
    ];
  }

  private strForms(d: number): Array<() => string> {
    const S = (): string => this.expr('string', d);
    return [
      () => `"<\${${S()}}>"`,
      () => `"n=\${toString ${this.expr('int', d)}}"`,
      () => `(${S()} + ${S()})`,
      () => `(toString ${this.expr('int', d)})`,
      () => `(toString ${this.expr('float', d)})`,
      () => `(toString ${this.expr('bool', d)})`,
      () => `(toString ${this.expr('listInt', d)})`,
      () => `(builtins.concatStringsSep ${this.r.pick(['", "', '""', '"\\n"'])} ${this.expr('listString', d)})`,
      () => `(builtins.substring ${this.r.int(4)} ${this.r.pick(['0', '2', '10', '(-1)'])} ${S()})`,
      () => `(builtins.replaceStrings [ "a" "${this.r.pick(['b', '', 'z'])}" ] [ "A" "<>" ] ${S()})`,
      () => `(if ${this.expr('bool', d)} then ${S()} else ${S()})`,
      () => `(builtins.toJSON ${this.expr('any', d)})`,
      () => `''\n  first \${${S()}}\n    second ''\${x} '''q\n''`,
      () => `(builtins.typeOf ${this.expr('any', d)})`,
      () => `(builtins.hashString "${this.r.pick(['md5', 'sha1', 'sha256'])}" ${S()})`,
      () => `(let s = ${S()}; in "\${s}\${s}")`,
      () => `(builtins.baseNameOf "${this.r.pick(['/a/b', 'a/b/', 'plain', '/'])}")`,
      () => `(builtins.dirOf "${this.r.pick(['/a/b', 'a/b', 'plain', '/x'])}")`,
      () => `(builtins.head (builtins.attrNames ({ zz = 1; } // ${this.expr('attrs', d)})))`,
    ];
  }

  private floatForms(d: number): Array<() => string> {
    const F = (): string => this.expr('float', d);
    return [
      () => `(${F()} + ${this.expr('int', d)})`,
      () => `(${F()} * ${F()})`,
      () => `(${this.expr('int', d)} / ${this.r.pick(['2.0', '3.0', '0.5', '7.0'])})`,
      () => `(${F()} - ${F()})`,
      () => `(if ${this.expr('bool', d)} then ${F()} else ${F()})`,
    ];
  }

  private listIntForms(d: number): Array<() => string> {
    const L = (): string => this.expr('listInt', d);
    return [
      () => `(${L()} ++ ${L()})`,
      () => `(builtins.map (v: v * 2 + 1) ${L()})`,
      () => `(builtins.filter (v: v > 10) ${L()})`,
      () => `(builtins.genList (i: i * i) ${this.r.int(6)})`,
      () => `(builtins.sort builtins.lessThan ${L()})`,
      () => `(builtins.sort (p: q: p > q) ${L()})`,
      () => `(builtins.concatLists [ ${L()} ${L()} ])`,
      () => `(builtins.tail (${L()} ++ [ 1 ]))`,
      () => `(builtins.concatMap (v: [ v v ]) ${L()})`,
      () => `(builtins.attrValues { a = ${this.expr('int', d)}; b = 2; })`,
      () => `(builtins.catAttrs "a" [ { a = 1; } { b = 2; } { a = ${this.expr('int', d)}; } ])`,
      () => `(let p = builtins.partition (v: v > 20) ${L()}; in p.right ++ [ 0 ] ++ p.wrong)`,
    ];
  }

  private listStringForms(d: number): Array<() => string> {
    const L = (): string => this.expr('listString', d);
    return [
      () => `(${L()} ++ ${L()})`,
      () => `(builtins.attrNames ${this.expr('attrs', d)})`,
      () => `(builtins.map (v: "<\${v}>") ${L()})`,
      () => `(builtins.filter (v: v != "") ${L()})`,
      () => `(builtins.map toString ${this.expr('listInt', d)})`,
      () => `(builtins.sort (p: q: p < q) ${L()})`,
      () => `(builtins.filter builtins.isString (builtins.split "${this.r.pick([',', 'a', '[0-9]+', ' '])}" ${this.expr('string', d)}))`,
      () => `(builtins.splitVersion "${this.r.pick(['1.2.3', '2.0pre1', '1-2', 'abc'])}")`,
    ];
  }

  private attrsForms(d: number): Array<() => string> {
    const A = (): string => this.expr('attrs', d);
    return [
      () => `(${A()} // ${A()})`,
      () => `(builtins.listToAttrs [ { name = ${this.expr('string', d)}; value = ${this.expr('int', d)}; } { name = "k"; value = ${this.expr('any', d)}; } ])`,
      () => `(builtins.mapAttrs (n: v: n) ${A()})`,
      () => `(let inherit (${A()}) ${this.name()}; in { z = 1; })`,
      () => `(builtins.removeAttrs ${A()} [ "${this.name()}" ])`,
      () => `(builtins.intersectAttrs ${A()} ${A()})`,
      () => `(builtins.fromJSON ${this.r.pick(['"{\\"a\\": [1, 2.5, null, true], \\"b\\": {}}"', '"[]"', '"{\\"k\\": \\"v\\"}"'])})`,
      () => `(let x = ${this.expr('int', d)}; in { inherit x; y = x; })`,
      () => `(builtins.zipAttrsWith (n: vs: builtins.length vs) [ ${A()} ${A()} ])`,
      () => `(builtins.groupBy (v: if v > 5 then "big" else "small") ${this.expr('listInt', d)})`,
      () => `(builtins.functionArgs ({ a, b ? 1 }: a))`,
      () => `(builtins.parseDrvName "${this.r.pick(['hello-2.1', 'nix-unstable-2.8', 'plain'])}")`,
      () => `(builtins.tryEval ${this.r.pick(['(throw "x")', '1', '(assert false; 1)'])})`,
    ];
  }
}

function generate(n: number, seed: number): string[] {
  const g = new Gen(new Rng(seed));
  const r = new Rng(seed ^ 0x5bd1e995);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(g.expr(r.pick(['int', 'bool', 'string', 'float', 'listInt', 'listString', 'attrs', 'any'] as const), 1 + r.int(4)));
  return out;
}

// ---------------------------------------------------------------------------
// Hand-picked corners

const HAND_PICKED = [
  'let x = throw "never forced"; y = 2; in y',
  '[ (let x = 1; in x) ]',
  'builtins.length [ (throw "lazy element") 2 ]',
  '{ a = throw "lazy attr"; b = 1; }.b',
  '9223372036854775807 + 1',
  '(-9223372036854775807) - 2',
  '4611686018427387904 * 4',
  '(-7) / 2',
  '7 / (-2)',
  '1 + 2.5',
  '[ 0.1 0.2 (0.1 + 0.2) 100000.0 1000000.0 1.0e-5 0.0001 123456.5 1.5e300 ]',
  '[ (toString 0.1) (toString 1.0e20) (toString (1 / 3.0)) (toString 0.0078125) ]',
  'builtins.toJSON [ 1.5 "é\\u" "\\n\\t\\r" ]',
  '"a\\u{1}b"',
  '"\\$" + "$${x}" + "${"{"}"',
  "''\n  a\n    b\n  c\n''",
  "''\n  ''${not interpolated} '''quote ''\\n escaped-newline-text\n''",
  "''  leading on first line\n  next''",
  "''\n\tnot stripped tab\n  two\n''",
  'let a = { x = 1; }; in a // { y = a.x; }',
  '{ a.b.c = 1; a.b.d = 2; a.e = 3; }',
  '{ a = { b = 1; }; a.c = 2; }',
  'rec { a = b; b = 1; c = { inherit a; }; }',
  'let inherit ({ p = 1; q = 2; }) p q; in p + q',
  'with { x = 1; }; with { x = 2; }; x',
  'let x = 1; in with { x = 2; }; x',
  'let f = { a ? b, b ? 3 }: a * b; in f { }',
  '(args@{ a, ... }: builtins.attrNames args) { a = 1; b = 2; }',
  '({ a, ... }@args: args.b) { a = 1; b = 2; }',
  '({ a }: a) { a = 1; b = 2; }',
  '({ a, b }: a) { a = 1; }',
  'let f = x: y: x - y; in f 10 3',
  '{ __functor = self: x: x + self.n; n = 10; } 5',
  '"${{ outPath = "/out"; }}"',
  '"${{ __toString = self: "ts"; }}"',
  'toString { __toString = self: "ts"; }',
  'toString [ 1 [ ] [ 2 3 ] null "x" ]',
  'builtins.attrNames { b = 1; a = 2; "A" = 3; "_" = 4; "é" = 5; "Z" = 6; }',
  '[ ("a" < "B") ("abc" < "abd") ("" < "a") ([ 1 2 ] < [ 1 2 3 ]) ([ ] < [ ]) ]',
  'let f = x: x; in [ (f == f) ([ f ] == [ f ]) ({ a = f; } == { a = f; }) ]',
  '[ (1 == 1.0) (null == null) ({ } == { }) ([ 1 ] == [ 1.0 ]) ]',
  'builtins.sort (a: b: a.k < b.k) [ { k = 2; v = "x"; } { k = 1; v = "y"; } { k = 2; v = "z"; } { k = 1; v = "w"; } ]',
  'builtins.split "(a)|(b)" "xaybz"',
  'builtins.split "," ""',
  'builtins.match "([[:alpha:]]+)-([[:digit:]]*)" "abc-"',
  'builtins.match "a" "ba"',
  'builtins.match "(.*)\\\\.nix" "default.nix"',
  'builtins.replaceStrings [ "" ] [ "-" ] "abc"',
  'builtins.replaceStrings [ "ab" "a" ] [ "1" "2" ] "aab"',
  'builtins.substring 1 100 "hello"',
  'builtins.substring 10 2 "hello"',
  'builtins.stringLength "héllo"',
  'builtins.genericClosure { startSet = [ { key = 1; } ]; operator = x: if x.key < 5 then [ { key = x.key + 1; } { key = x.key; } ] else [ ]; }',
  'builtins.zipAttrsWith (n: v: v) [ { a = 1; } { a = 2; b = 3; } ]',
  'builtins.tryEval (assert 1 == 2; 3)',
  'builtins.tryEval (builtins.abort "x")',
  'builtins.seq (throw "forced") 1',
  'builtins.deepSeq [ 1 (throw "deep") ] 1',
  'builtins.deepSeq { a = 1; } 2',
  'builtins.fromJSON "{\\"n\\": 12345678901234, \\"f\\": 1e2, \\"s\\": \\"\\\\u00e9\\"}"',
  'builtins.toJSON (builtins.fromJSON "[1, 2.0, -0.5]")',
  'builtins.fromTOML "a = 1\\nb = \\"x\\"\\n[t]\\nc = [1, 2]"',
  '[ (builtins.isFunction (x: x)) (builtins.isFunction builtins.map) (builtins.typeOf builtins.map) ]',
  'builtins.attrNames builtins.functionArgs',
  'let x = x; in x',
  'let a = b; b = a; in a',
  'throw "boom"',
  'assert false; 1',
  '{ }.missing',
  '1 + "a"',
  '"a" + 1',
  'builtins.head [ ]',
  '1 / 0',
  'builtins.elemAt [ 1 ] 1',
  'if 1 then 2 else 3',
  'undefinedVariable',
  '{ a = 1; } // 2',
  '[ 1 ] ++ { }',
  'builtins.toJSON (x: x)',
  '(x: x) 1 2',
  'let s = "${builtins.toJSON { a = [ 1 "b" ]; }}"; in builtins.fromJSON s',
  '__add 1 2',
  'builtins.foldl\' (acc: x: acc // { ${x} = builtins.stringLength x; }) { } [ "a" "bb" "a" ]',
  '{ ${"dyn" + "amic"} = 1; ${null} = 2; }',
  'let n = "k"; in { "${n}1" = 1; ${n}.x = 2; }',
  '[ (builtins.parseDrvName "nix-2.8.0pre") (builtins.compareVersions "2.8" "2.8.0") ]',
  'builtins.concatMap (x: [ x (x * 10) ]) [ 1 2 ]',
  'builtins.mapAttrs (n: v: "${n}=${toString v}") { b = 2; a = 1; }',
  'builtins.removeAttrs { a = 1; b = 2; } [ "a" "zz" ]',
  'builtins.listToAttrs (map (n: { name = n; value = n; }) [ "x" "y" "x" ])',
  'builtins.groupBy (s: builtins.substring 0 1 s) [ "apple" "avocado" "banana" ]',
  'builtins.catAttrs "x" [ { x = 1; } { } { x = 2; } ]',
  'builtins.intersectAttrs { a = 0; } { a = 1; b = 2; }',
  'builtins.hashString "sha512" "x"',
  'let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 500',
  'builtins.length (builtins.genList (i: i) 10000)',
  'builtins.foldl\' (a: b: a + b) 0 (builtins.genList (i: i) 10000)',
  'let big = builtins.concatStringsSep "" (builtins.genList (i: "0123456789") 20000); in builtins.stringLength big',
  '"${toString 1}${toString 2.5}"',
  '[ (builtins.bitOr 12 10) (builtins.bitAnd (-1) 255) (builtins.bitXor 5 3) ]',
  '[ (builtins.ceil 1.2) (builtins.floor (-1.2)) (builtins.ceil (-0.5)) ]',
];

// ---------------------------------------------------------------------------
// lib: our prelude, with Nix versions of its native parts for the reference side

const NIX_NATIVES = `{
  filterAttrs = pred: set: builtins.listToAttrs (builtins.concatMap (n: if pred n set.\${n} then [ { name = n; value = set.\${n}; } ] else [ ]) (builtins.attrNames set));
  getOutput = output: pkg: if !(builtins.isAttrs pkg) then pkg else if pkg.outputSpecified or false then pkg else pkg.\${output} or pkg.out or pkg;
  getExe = pkg: "\${pkg}/bin/\${pkg.meta.mainProgram or pkg.pname or (builtins.parseDrvName pkg.name).name}";
  flatten = let f = x: if builtins.isList x then builtins.concatMap f x else [ x ]; in f;
}`;

const LIB_CASES = [
  'lib.genAttrs [ "b" "a" ] (n: n + n)',
  'lib.path.append ./. "a/b" == ./a/b',
  "lib.mapAttrs' (n: v: lib.nameValuePair \"x-${n}\" (v * 2)) { a = 1; b = 2; }",
  'lib.mapAttrsToList (n: v: "${n}=${toString v}") { b = 2; a = 1; }',
  'lib.filterAttrs (n: v: v > 1) { a = 1; b = 2; c = 3; }',
  'lib.attrNames (lib.filterAttrs (n: v: n != "a") { a = 1; b = 2; })',
  'lib.listToAttrs [ (lib.nameValuePair "k" 1) ]',
  '[ (lib.optional true 1) (lib.optional false 1) (lib.optionals true [ 1 2 ]) (lib.optionals false [ 1 ]) ]',
  '[ (lib.optionalString true "yes") (lib.optionalString false "no") ]',
  'lib.optionalAttrs true { a = 1; } // lib.optionalAttrs false { b = 2; }',
  'lib.concatStringsSep "," [ "a" "b" ]',
  'lib.concatMapStrings (x: "<${x}>") [ "a" "b" ]',
  'lib.concatMapStringsSep ", " toString [ 1 2 3 ]',
  'lib.concatLists [ [ 1 ] [ 2 3 ] ]',
  'lib.concatMap (x: [ x x ]) [ 1 2 ]',
  'lib.flatten [ 1 [ 2 [ 3 [ ] ] ] 4 ]',
  'lib.foldr (a: acc: acc ++ [ a ]) [ ] [ 1 2 3 ]',
  'lib.fold (a: b: a - b) 0 [ 10 3 ]',
  "lib.foldl' (a: b: a - b) 0 [ 10 3 ]",
  'lib.foldl (a: b: a - b) 0 [ 10 3 ]',
  'lib.flip lib.concat [ 1 ] [ 2 ]',
  '[ (lib.elem 2 [ 1 2 ]) (lib.head [ 3 4 ]) (lib.tail [ 3 4 ]) (lib.length [ 1 2 3 ]) (lib.last [ 1 2 3 ]) (lib.init [ 1 2 3 ]) ]',
  'lib.toString [ 1 "a" null ]',
  'lib.replaceStrings [ "." ] [ "_" ] "a.b.c"',
  '[ (lib.hasPrefix "/nix" "/nix/store") (lib.hasPrefix "x" "/nix") (lib.hasSuffix ".nix" "a.nix") (lib.hasSuffix "x" "") ]',
  '[ (lib.removePrefix "/nix/" "/nix/store") (lib.removePrefix "x" "abc") (lib.removeSuffix ".nix" "a.nix") ]',
  'lib.splitString "," "a,b,,c"',
  'lib.splitString "." "a.b"',
  '[ (lib.escapeShellArg "plain") (lib.escapeShellArg "it\'s") (lib.escapeShellArg "a b") (lib.escapeShellArg 1) ]',
  'lib.escapeShellArgs [ "a" "b c" "--x=\'y\'" ]',
  'lib.makeBinPath [ "/opt/a" "/opt/b" ]',
  'lib.makeSearchPath "lib" [ "/x" null "/y" ]',
  'lib.getExe { name = "hello-2.1"; outPath = "/nix/store/h"; }',
  'lib.getExe { pname = "hello"; meta.mainProgram = "hi"; outPath = "/p"; }',
  'lib.getBin { bin = "/b"; out = "/o"; outPath = "/o"; }',
  'lib.recursiveUpdate { a = { b = 1; c = 2; }; d = 1; } { a = { b = 3; }; e = 4; }',
  'lib.recursiveUpdate { a = 1; } { a = { b = 2; }; }',
  '[ (lib.attrByPath [ "a" "b" ] 0 { a.b = 1; }) (lib.attrByPath [ "a" "x" ] 0 { a.b = 1; }) ]',
  'lib.setAttrByPath [ "a" "b" ] 1',
  'lib.getAttrFromPath [ "a" "b" ] { a.b = 5; }',
  'lib.hasAttrByPath [ "a" "b" ] { a.b = 5; }',
  'lib.unique [ 3 1 3 2 1 ]',
  '[ (lib.toUpper "abC") (lib.toLower "AbC") ]',
  'lib.stringToCharacters "abc"',
  'lib.range 2 5',
  'lib.imap1 (i: v: i * v) [ 10 20 ]',
  'lib.zipListsWith (a: b: a + b) [ 1 2 3 ] [ 10 20 ]',
  'lib.reverseList [ 1 2 3 ]',
  '[ (lib.take 2 [ 1 2 3 ]) (lib.drop 2 [ 1 2 3 ]) (lib.sublist 1 5 [ 1 2 3 ]) ]',
  '[ (lib.intersectLists [ 1 2 ] [ 2 3 ]) (lib.subtractLists [ 1 ] [ 1 2 ]) ]',
  'lib.count (x: x > 1) [ 1 2 3 ]',
  '[ (lib.findFirst (x: x > 1) null [ 1 2 3 ]) (lib.findFirst (x: x > 9) null [ 1 ]) ]',
  'lib.collect builtins.isInt { a = 1; b = { c = 2; d = "x"; }; }',
  'lib.mapAttrsRecursive (path: v: builtins.concatStringsSep "." path) { a = { b = 1; }; c = 2; }',
  'lib.foldAttrs (n: a: [ n ] ++ a) [ ] [ { a = 2; } { a = 3; b = 4; } ]',
  'lib.attrsToList { b = 1; a = 2; }',
  'lib.concatMapAttrs (n: v: { "${n}-x" = v; }) { a = 1; b = 2; }',
  '[ (lib.versionAtLeast "24.05" "22.05") (lib.versionOlder "21.11" "22.05") ]',
  '[ (lib.toInt "42") (lib.toInt " -7 ") ]',
  'lib.trim "  padded  "',
  'lib.fixedWidthNumber 4 7',
  'lib.pipe 2 [ (x: x + 1) (x: x * 10) ]',
  '(lib.mkIf true { a = 1; })._type',
  '(lib.mkMerge [ 1 ])._type',
  '[ (lib.mkForce 1).priority (lib.mkDefault 1).priority (lib.mkOverride 7 1).priority (lib.mkBefore [ ]).priority (lib.mkAfter [ ]).priority ]',
  '(lib.mkOption { default = 1; type = lib.types.int; }).default',
  '(lib.mkEnableOption "thing").default',
  '(lib.types.listOf lib.types.str).name',
  '(lib.types.attrsOf (lib.types.submodule { })).elemType.name',
  'lib.boolToString true',
  'lib.isDerivation { type = "derivation"; }',
  'lib.intersperse 0 [ 1 2 3 ]',
  'lib.concatImapStrings (i: v: "${toString i}${v}") [ "a" "b" ]',
  'lib.hasInfix "b.c" "ab.cd"',
  'lib.fileContents ./.',
];

// ---------------------------------------------------------------------------

describe.skipIf(!NIX)('evaluator agrees with nix-instantiate --eval --strict --json', () => {
  it(`on ${GENERATED} generated expressions (seed ${SEED})`, () => {
    const exprs = generate(GENERATED, SEED);
    const t = differential(exprs, ours);
    report('generated', exprs, t);
    expect(t.differ).toEqual([]);
    // The generator is typed: most expressions must evaluate, so the comparison is about values.
    expect(t.same).toBeGreaterThan(GENERATED * 0.8);
    expect(t.bytes).toBeLessThan(GENERATED * 0.01);
  });

  it('on hand-picked corners', () => {
    const t = differential(HAND_PICKED, ours);
    report('hand-picked', HAND_PICKED, t);
    expect(t.differ).toEqual([]);
  });

  it('on lib functions (our prelude under Nix vs under our evaluator)', () => {
    const prelude = join(DIR, 'prelude.nix');
    writeFileSync(prelude, PRELUDE);
    const prefix = `let lib = import ${prelude} { inherit builtins; native = ${NIX_NATIVES}; }; in\n`;
    const t = differential(LIB_CASES, oursWithLib, prefix);
    report('lib', LIB_CASES, t);
    expect(t.differ).toEqual([]);
  });
});
