/**
 * Unit tests of the Nix parser: spans, comments, error positions and
 * messages, robustness, and every syntax point (checked through the
 * canonical printer, whose expected strings are what nix-instantiate 2.8
 * --parse prints for the same text).
 */
import { describe, expect, it } from 'vitest';
import type { AttrDef, AttrSet, Expr, IndStr, Lambda, Let, List, PathLit as Path, Select, Str } from '../src/parsers/nix/syntax/ast.js';
import { formatDouble } from './nix-reference/float-format.js';
import { parseNix, type ParseResult } from '../src/parsers/nix/syntax/parser.js';
import { canonPath, printNix, showId, showString } from './nix-reference/print.js';
import { spanOf, utf8Offset, type Positioned } from '../src/parsers/nix/syntax/positions.js';

const FILE = 'hosts/ci/default.nix';

function parse(text: string): Expr {
  const r = parseNix(text, FILE);
  if (r.ast === null) throw new Error(`unexpected parse error: ${r.diagnostics[0]?.message}`);
  return r.ast;
}

/** Printed like nix-instantiate --parse, relative paths against /base, `~` as /home/u. */
function show(text: string): string {
  return printNix(parse(text), { baseDir: '/base', home: '/home/u' });
}

function error(text: string): { message: string; line: number; column: number } {
  const r = parseNix(text, FILE);
  expect(r.ast).toBeNull();
  expect(r.diagnostics).toHaveLength(1);
  const d = r.diagnostics[0]!;
  expect(d.rule).toBe('parse-error');
  expect(d.severity).toBe('error');
  expect(d.location.file).toBe(FILE);
  return { message: d.message, line: d.location.line, column: d.location.column };
}

function pos(e: Positioned): string {
  const s = spanOf(e);
  return `${s.line}:${s.column}-${s.endLine}:${s.endColumn}`;
}

describe('spans', () => {
  const text = 'let\n  a = 1;  # one\n  b.c = "x${a}";\nin { inherit a; }';
  const ast = parse(text) as Let;

  it('covers the whole expression, with offsets', () => {
    expect(ast.kind).toBe('Let');
    expect(pos(ast)).toBe('1:1-4:18');
    expect(ast.offset).toBe(0);
    expect(ast.endOffset).toBe(text.length);
    expect(spanOf(ast).file).toBe(FILE);
  });

  it('gives each binding, name and value its exact place', () => {
    const [a, bc] = ast.bindings as [AttrDef, AttrDef];
    expect(pos(a)).toBe('2:3-2:9');
    expect(pos(a.path[0]!)).toBe('2:3-2:4');
    expect(pos(a.value)).toBe('2:7-2:8');
    expect(text.slice(a.value.offset, a.value.endOffset)).toBe('1');
    expect(pos(bc)).toBe('3:3-3:17');
    expect(bc.path.map(pos)).toEqual(['3:3-3:4', '3:5-3:6']);
    const str = bc.value as Str;
    expect(pos(str)).toBe('3:9-3:16');
    expect(str.parts.map(pos)).toEqual(['3:10-3:11', '3:11-3:15']);
    expect(pos(ast.body)).toBe('4:4-4:18');
  });

  it('spans operators, applications and selections from their first to their last token', () => {
    const e = parse('f x.y  ++\n [ 1 ]');
    expect(e.kind).toBe('BinaryOp');
    if (e.kind !== 'BinaryOp') return;
    expect(pos(e)).toBe('1:1-2:7');
    expect(pos({ ...e, offset: e.opOffset, endOffset: e.opOffset + e.op.length, cachedSpan: undefined })).toBe('1:8-1:10');
    expect(pos(e.lhs)).toBe('1:1-1:6');
    const app = e.lhs;
    if (app.kind !== 'Apply') throw new Error(app.kind);
    expect(pos(app.arg)).toBe('1:3-1:6');
    expect(pos((app.arg as Select).path[0]!)).toBe('1:5-1:6');
  });

  it('ends a path at its last character, interpolations included', () => {
    const p = parse('./a/${b}.nix ') as Path;
    expect(pos(p)).toBe('1:1-1:13');
    expect(p.parts.map(pos)).toEqual(['1:1-1:5', '1:5-1:9', '1:9-1:13']); // `./a/`, `${b}`, `.nix`
  });

  it('counts \\r\\n and a lone \\r as one line break each, as Nix does', () => {
    const e = parse('[\r\n  a\r  b\n]') as List;
    expect(e.elems.map(pos)).toEqual(['2:3-2:4', '3:3-3:4']);
    expect(pos(e)).toBe('1:1-4:2');
  });

  it('spans multi-line strings', () => {
    const s = parse("''\n  line one\n  ${x}\n''") as IndStr;
    expect(pos(s)).toBe('1:1-4:3');
    expect(s.parts.map(pos)).toEqual(['2:1-3:3', '3:3-3:7', '3:7-4:1']);
  });
});

describe('comments', () => {
  it('keeps line and block comments in a side list with spans', () => {
    const r = parseNix('# head\n{ a = 1; /* mid\n  dle */ b = 2; } # tail', FILE);
    expect(r.ast).not.toBeNull();
    expect(r.comments.map((c) => [c.kind, c.text, pos(c)])).toEqual([
      ['line', '# head', '1:1-1:7'],
      ['block', '/* mid\n  dle */', '2:10-3:9'],
      ['line', '# tail', '3:19-3:25'],
    ]);
    expect(r.comments[1]!.offset).toBe(16);
  });

  it('does not take # inside strings for a comment, but ends a URI with one (as Nix does)', () => {
    const r = parseNix('[ "#x" http://a/b#c\n]', FILE);
    expect(r.comments.map((c) => c.text)).toEqual(['#c']);
    expect(show('[ "#x" http://a/b#c\n]')).toBe('[ ("#x") ("http://a/b") ]');
  });

  it('returns the comments read before a syntax error', () => {
    const r = parseNix('# ok\n{ a = 1 }', FILE);
    expect(r.ast).toBeNull();
    expect(r.comments).toHaveLength(1);
  });
});

describe('errors', () => {
  it('names what was expected and what was found, at the found token', () => {
    expect(error('{ a = 1 }')).toEqual({ message: "expected ';' after attribute value, found '}'", line: 1, column: 9 });
    expect(error('{\n  a = 1;\n  b 2;\n}')).toEqual({ message: "expected '=' after attribute name, found '2'", line: 3, column: 5 });
    expect(error('let a = 1; a')).toEqual({ message: "expected '=' after attribute name, found end of file", line: 1, column: 13 });
    expect(error('let a = 1; ; in a')).toEqual({ message: "expected an attribute name, 'inherit' or 'in', found ';'", line: 1, column: 12 });
    expect(error('if a then b')).toMatchObject({ message: "expected 'else' after the 'then' branch, found end of file" });
    expect(error('f (x')).toMatchObject({ message: "expected ')' to close '(' at 1:3, found end of file", line: 1, column: 5 });
    expect(error('a b )')).toMatchObject({ message: "expected end of file after the expression, found ')'", column: 5 });
    expect(error('{ a, b }')).toMatchObject({ message: "expected ':' after the function argument pattern, found end of file" });
  });

  it('reports unterminated strings and comments at their start', () => {
    expect(error('"abc')).toMatchObject({ message: 'unterminated string: expected \'"\' to close the string at 1:1', line: 1, column: 5 });
    expect(error("x: ''abc")).toMatchObject({ message: expect.stringContaining("unterminated indented string") });
    expect(error('1 /* no end')).toEqual({ message: 'unterminated comment', line: 1, column: 3 });
  });

  it('rejects what Nix rejects in the lexer', () => {
    expect(error('[ 9223372036854775808 ]')).toEqual({ message: "invalid integer '9223372036854775808'", line: 1, column: 3 });
    expect(error('1.0e309')).toMatchObject({ message: "invalid float '1.0e309'" });
    expect(error('1e-400 + 2.5e-400')).toMatchObject({ message: "invalid float '2.5e-400'" });
    expect(error('./a/ b')).toEqual({ message: 'path has a trailing slash', line: 1, column: 5 });
    expect(error('a & b')).toMatchObject({ message: "expected end of file after the expression, found unexpected character '&'" });
  });

  it('rejects a list element starting with unary minus, as Nix does', () => {
    expect(error('[ 1 -2 ]')).toEqual({
      message: "expected a list element or ']', found '-' (a list element cannot start with unary minus: write (-x))",
      line: 1,
      column: 5,
    });
  });

  it('rejects chained non-associative operators', () => {
    expect(error('a == b != c').message).toBe("'!=' cannot follow '==' without parentheses (the operators are not associative)");
    expect(error('a < b < c').column).toBe(7);
    expect(show('a < b == c')).toBe('((__lessThan a b) == c)');
  });

  it('reports duplicate attributes where the second definition is', () => {
    expect(error('{ a.b = 1; a.b = 2; }')).toEqual({ message: "attribute 'a.b' already defined at 1:3", line: 1, column: 12 });
    expect(error('{ a = 1; a.b = 2; }').message).toBe("attribute 'a.b' already defined at 1:3");
    expect(error('{ inherit a; a = 2; }').message).toBe("attribute 'a' already defined at 1:11");
    expect(error('{ inherit a b a; }')).toEqual({ message: "attribute 'a' already defined at 1:11", line: 1, column: 15 });
    expect(error('{ a = { b = 1; }; a.b = 2; }').message).toBe("attribute 'a.b' already defined at 1:9"); // where `b` is
    expect(error('{ a.b = 1; a = { b = 2; }; }').message).toBe("attribute 'b' already defined at 1:3"); // Nix records the attrpath's start
    expect(error('let a = 1; inherit (x) a; in a').message).toBe("attribute 'a' already defined at 1:5");
    expect(error('{ "a" = 1; ${"a"} = 2; }').message).toBe("attribute 'a' already defined at 1:3");
  });

  it('reports the other semantic errors of Nix 2.8', () => {
    expect(error('let ${x} = 1; in 2')).toEqual({ message: 'dynamic attributes not allowed in let', line: 1, column: 1 });
    expect(error('{ inherit "${x}"; }')).toMatchObject({ message: 'dynamic attributes not allowed in inherit', column: 11 });
    expect(error('{ a, b, a }: a')).toEqual({ message: "duplicate formal function argument 'a'", line: 1, column: 9 });
    expect(error('a@{ a }: a').message).toBe("duplicate formal function argument 'a'");
  });

  it('gives the first error in source order, like Nix', () => {
    expect(error('[ { a = 1; a = 2; } (1 + ]').message).toMatch(/already defined/);
  });
});

describe('never throws', () => {
  const depth = 10_000;
  it.each([
    ['parentheses', '('.repeat(depth) + '1' + ')'.repeat(depth)],
    ['lists', '['.repeat(depth) + ']'.repeat(depth)],
    ['sets', '{ a = '.repeat(depth) + '1' + '; }'.repeat(depth)],
    ['negations', '!'.repeat(depth) + 'true'],
    ['unary minus', '- '.repeat(depth) + '1'],
    ['lambdas', 'x: '.repeat(depth) + 'x'],
    ['lets', 'let a = 1; in '.repeat(depth) + 'a'],
    ['if/else chains', 'if a then b else '.repeat(depth) + 'c'],
    ['right-assoc chains', Array.from({ length: depth }, () => 'a').join(' // ')],
    ['left-assoc chains', Array.from({ length: depth }, () => 'a').join(' + ')],
    ['applications', 'f' + ' x'.repeat(depth)],
    ['interpolations', '"${'.repeat(depth) + 'x' + '}"'.repeat(depth)],
  ])('on %s nested 10,000 deep: a diagnostic, no stack overflow', (_, text) => {
    const r = parseNix(text, FILE);
    expect(r.ast).toBeNull();
    expect(r.diagnostics[0]!.message).toMatch(/nested too deeply/);
  });

  it('accepts nesting up to the limit (a parenthesis or set level counts two)', () => {
    const r = parseNix('('.repeat(450) + '1' + ')'.repeat(450), FILE);
    expect(r.diagnostics).toEqual([]);
    expect(parseNix('{ a = '.repeat(450) + '1' + '; }'.repeat(450), FILE).diagnostics).toEqual([]);
    expect(parseNix('x: '.repeat(900) + 'x', FILE).diagnostics).toEqual([]);
    expect(parseNix('[ '.repeat(50) + ']'.repeat(50), FILE, { maxDepth: 40 }).ast).toBeNull();
  });

  it('parses huge strings and files', () => {
    const big = 'x'.repeat(20_000_000);
    const r = parseNix(`{ a = "${big}"; b = ''\n  ${big}\n''; }`, FILE);
    expect(r.diagnostics).toEqual([]);
    const list = parseNix('[ ' + '"s" '.repeat(200_000) + ']', FILE);
    expect((list.ast as List).elems).toHaveLength(200_000);
  });

  it('never throws on arbitrary text', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ' \n\t{}[]()"\'$\\;:,.=?@!<>+-*/#~&|abcxyzor019_\u00e9\u0000';
    for (let k = 0; k < 3000; k++) {
      let s = '';
      const n = Math.floor(rnd() * 40);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      let r: ParseResult | undefined;
      expect(() => (r = parseNix(s, FILE))).not.toThrow();
      expect(r!.ast === null ? r!.diagnostics.length : 0).toBe(r!.ast === null ? 1 : 0);
    }
  });
});

describe('syntax (printed as nix-instantiate --parse prints it)', () => {
  it('numbers, including Nix quirks', () => {
    expect(show('[ 1 007 9223372036854775807 ]')).toBe('[ (1) (7) (9223372036854775807) ]');
    expect(show('[ 1.5 .5 1. 2.5e-3 1.5E+3 123456789.0 1234565.0 0.000012345 ]')).toBe(
      '[ (1.5) (0.5) (1) (0.0025) (1500) (1.23457e+08) (1.23456e+06) (1.2345e-05) ]',
    );
    expect(show('1e10')).toBe('(1 e10)'); // `1` applied to the variable `e10`
    expect(show('x.5')).toBe('(x 0.5)');
    expect(show('1/2')).toBe('/base/1/2'); // a path
    expect(show('1 / 2')).toBe('(__div 1 2)');
    const n = parse('9223372036854775807');
    expect(n.kind === 'Int' && n.value).toBe(9223372036854775807n);
  });

  it('strings: escapes, interpolation, literal dollars', () => {
    expect(show('"a\\tb\\n\\"c\\"\\\\ \\$ \\q"')).toBe('"a\\tb\\n\\"c\\"\\\\ \\$ q"');
    expect(show('"x${y}z"')).toBe('("x" + y + "z")');
    expect(show('"${y}"')).toBe('(y)');
    expect(show('"\\${y} $${y} $y $"')).toBe('"\\${y} \\$\\${y} \\$y \\$"');
    expect(show('"a\r\nb"')).toBe('"a\\nb"');
    expect(show('""')).toBe('""');
    const s = parse('"a\\nb${c}"') as Str;
    expect(s.parts[0]).toMatchObject({ kind: 'Lit', raw: 'a\\nb', value: 'a\nb' });
    expect(s.text).toBeNull();
    expect((parse('"plain"') as Str).text).toBe('plain');
  });

  it('indented strings: escapes, indentation stripping, raw and cooked parts', () => {
    const text = "''\n    set -e\n      ''${HOME} '''q''' ''\\t\n    echo ${x}\n  ''";
    expect(show(text)).toBe('("set -e\\n  " + "\\$" + "{HOME} " + "\'\'" + "q" + "\'\'" + " " + "\\t" + "\\necho " + x + "\\n")');
    const s = parse(text) as IndStr;
    const first = s.parts[0]!;
    expect(first).toMatchObject({ kind: 'IndLit', raw: '    set -e\n      ', value: '    set -e\n      ', cooked: 'set -e\n  ', escape: false });
    expect(s.parts[1]).toMatchObject({ raw: "''$", value: '$', escape: true });
    expect(s.text).toBeNull();
    const plain = parse("''\n  a\n    b\n''") as IndStr;
    expect(plain.text).toBe('a\n  b\n');
    expect(show("''''")).toBe('""');
    expect(show("''  x''")).toBe('"x"');
    expect(show("''\n  ${x}\n''")).toBe('("" + x + "\\n")');
  });

  it('paths: relative, absolute, home, search paths, interpolated', () => {
    expect(show('[ ./a ../b/c /abs/./x/../y a/b ~/h ./. ]')).toBe('[ (/base/a) (/b/c) (/abs/y) (/base/a/b) (/home/u/h) (/base) ]');
    expect(show('<nixpkgs/lib>')).toBe('(__findFile __nixPath "nixpkgs/lib")');
    expect(show('<nixpkgs> { }')).toBe('(__findFile __nixPath "nixpkgs" { })');
    expect(show('./a/${b}.nix')).toBe('(/base/a/ + b + ".nix")');
    expect(show('./${b}')).toBe('(/base/ + b)');
    expect(show('~/${b}')).toBe('(/home/u/ + b)');
    expect(show('./a${b}/c/${d}')).toBe('(/base/a + b + "/c/" + d)');
    expect((parse('~/x') as Path).pathKind).toBe('home');
    expect((parse('/x') as Path).pathKind).toBe('absolute');
  });

  it('URIs are strings', () => {
    expect(show('[ https://example.org/a?b=c&d x:y ]')).toBe('[ ("https://example.org/a?b=c&d") ("x:y") ]');
    expect(show('x: y')).toBe('(x: y)');
  });

  it('let, rec, with, assert, legacy let', () => {
    expect(show('let a = 1; b = a; in b')).toBe('(let a = 1; b = a; in b)');
    expect(show('rec { a = 1; b = a; }')).toBe('rec { a = 1; b = a; }');
    expect(show('with pkgs; [ curl ]')).toBe('(with pkgs; [ (curl) ])');
    expect(show('assert a; b')).toBe('assert a; b');
    expect(show('let { body = x; x = 1; }')).toBe('(rec { body = x; x = 1; }).body');
    expect(show('if a then b else c')).toBe('(if a then b else c)');
  });

  it('inherit and inherit (from)', () => {
    expect(show('{ inherit a "b"; inherit (lib) mkIf; }')).toBe('{ inherit a ; inherit b ; mkIf = (lib).mkIf; }');
    expect(show('let inherit (lib) x; in x')).toBe('(let x = (lib).x; in x)');
    expect(show('{ inherit or; }')).toBe('{ inherit or ; }');
  });

  it('lambdas: formals, defaults, ellipsis, @ on both sides', () => {
    expect(show('{ a, b ? a, ... }: b')).toBe('({ a, b ? a, ... }: b)');
    expect(show('args@{ a, ... }: a')).toBe('({ a, ... } @ args: a)');
    expect(show('{ a }@args: a')).toBe('({ a } @ args: a)');
    expect(show('{ }: 1')).toBe('({  }: 1)');
    expect(show('{ ... }: 1')).toBe('({ ... }: 1)');
    expect(show('{ a, }: a')).toBe('({ a }: a)');
    expect(show('x: y: x')).toBe('(x: (y: x))');
    const l = parse('args @ { a }: a') as Lambda;
    expect(l.argFirst).toBe(true);
    expect(l.arg?.name).toBe('args');
    expect(error('{ ..., }: 1').message).toBe("expected '}' after '...', found ','");
  });

  it('or: select defaults, and `or` as an identifier where Nix allows it', () => {
    expect(show('a.b or c')).toBe('(a).b or (c)');
    expect(show('a.b.c or d.e or f')).toBe('(a).b.c or ((d).e or (f))');
    expect(show('f x.y or z')).toBe('(f (x).y or (z))');
    expect(show('map or [ ]')).toBe('(map or [ ])');
    expect(show('{ or = 1; }.or')).toBe('({ or = 1; }).or');
    expect(show('(f x) or')).toBe('((f x) or)');
  });

  it('? with attrpaths', () => {
    expect(show('a ? b.c')).toBe('((a) ? b.c)');
    expect(show('a ? "b c".${d}')).toBe('((a) ? "b c"."${d}")');
    expect(show('a ? b ? c')).toBe('((((a) ? b)) ? c)');
    expect(show('a + b ? c')).toBe('(a + ((b) ? c))');
    expect(show('-a ? b')).toBe('(((__sub 0 a)) ? b)');
  });

  it('operators: precedence and associativity', () => {
    expect(show('a -> b -> c')).toBe('(a -> (b -> c))');
    expect(show('a // b // c')).toBe('(a // (b // c))');
    expect(show('a ++ b ++ c')).toBe('(a ++ (b ++ c))');
    expect(show('a - b - c')).toBe('(__sub (__sub a b) c)');
    expect(show('a || b && c')).toBe('(a || (b && c))');
    expect(show('!a == b')).toBe('((! a) == b)');
    expect(show('!a + b')).toBe('(! (a + b))');
    expect(show('a + !b + c')).toBe('(a + (! (b + c)))');
    expect(show('-f x')).toBe('(__sub 0 (f x))');
    expect(show('a -b')).toBe('(__sub a b)');
    expect(show('a-b')).toBe('a-b');
    expect(show('a * b + c / d')).toBe('((__mul a b) + (__div c d))');
    expect(show('a > b')).toBe('(__lessThan b a)');
    expect(show('a <= b')).toBe('(! (__lessThan b a))');
    expect(show('a >= b')).toBe('(! (__lessThan a b))');
    expect(show('(a b) c')).toBe('(a b c)');
    expect(show('(a < b) c')).toBe('(__lessThan a b c)');
    expect(show('[ f x ]')).toBe('[ (f) (x) ]');
  });

  it('pipe operators, only when asked for', () => {
    expect(parseNix('a |> f', FILE).ast).toBeNull();
    const opts = { pipes: true };
    const p = parseNix('a |> f |> g', FILE, opts).ast!;
    expect(printNix(p)).toBe('(g (f a))');
    expect(printNix(parseNix('g <| f <| a', FILE, opts).ast!)).toBe('(g (f a))');
    expect(parseNix('a |> f <| b', FILE, opts).ast).toBeNull();
  });

  it('dynamic and quoted attribute names', () => {
    expect(show('{ "a b" = 1; ${x} = 2; "${y}" = 3; ${"c"} = 4; "" = 5; "if" = 6; }')).toBe(
      '{ "" = 5; "a b" = 1; c = 4; "if" = 6; "${x}" = 2; "${(y)}" = 3; }',
    );
    expect(show('x.${y}."z w"')).toBe('(x)."${y}"."z w"');
  });

  it('attrpath bindings stay as written in the tree and merge in the printed form', () => {
    const set = parse('{ a.b = 1; a.c = 2; x = { y = 1; }; x.z = 2; }') as AttrSet;
    expect(set.bindings).toHaveLength(4);
    expect((set.bindings[0] as AttrDef).path.map((p) => p.kind === 'Ident' && p.name)).toEqual(['a', 'b']);
    expect(printNix(set)).toBe('{ a = { b = 1; c = 2; }; x = { y = 1; z = 2; }; }');
    expect(show('{ a.b = 1; a = { c = 2; ${d} = 3; }; }')).toBe('{ a = { b = 1; c = 2; }; }'); // Nix 2.8 drops the dynamic one
  });

  it('__curPos and keywords-as-strings', () => {
    expect(show('__curPos')).toBe('__curPos');
    expect(showId('if')).toBe('"if"');
    expect(showId('then')).toBe('then');
    expect(showId('a b')).toBe('"a b"');
    expect(showString('$\n"\\')).toBe('"\\$\\n\\"\\\\"');
  });
});

describe('primer', () => {
  it('is valid Nix, so priming reaches every shape', async () => {
    const { PRIMER } = await import('../src/parsers/nix/syntax/primer.js');
    expect(parseNix(PRIMER, '<primer>').diagnostics).toEqual([]);
  });
});

describe('printer helpers', () => {
  it('formats floats like C++ ostream (printf %g, ties to even)', () => {
    expect([0.1, 1, 100000, 1000000, 0.0001, 0.00001, 1.5e10, 123456.5, 1234565, 2.2250738585072014e-308].map(formatDouble)).toEqual([
      '0.1',
      '1',
      '100000',
      '1e+06',
      '0.0001',
      '1e-05',
      '1.5e+10',
      '123456',
      '1.23456e+06',
      '2.22507e-308',
    ]);
  });

  it('converts offsets to UTF-8 byte offsets', () => {
    const text = '"é😀" + x';
    const x = parse(text);
    if (x.kind !== 'BinaryOp') throw new Error(x.kind);
    expect(x.rhs.offset).toBe(8);
    expect(utf8Offset(text, x.rhs.offset)).toBe(11);
    expect(spanOf(x.rhs).column).toBe(9); // columns count UTF-16 units, like offsets
  });

  it('canonicalises paths like Nix', () => {
    expect(canonPath('/a//b/./c/../d/')).toBe('/a/b/d');
    expect(canonPath('/..')).toBe('/');
    expect(canonPath('/a/.../b')).toBe('/a/.../b');
  });
});
