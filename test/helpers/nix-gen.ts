/**
 * Seeded generators for the Nix differential test: random Nix source text
 * (every syntax form, lexical corner cases, random spacing and comments) and
 * mutants of real files (characters deleted, inserted, swapped).
 *
 * Generated text is mostly valid Nix; the invalid part is deliberate (a
 * missing space turning `a - b` into the identifier `a-b`, duplicate
 * attributes, `==` chains) and checks that both parsers reject the same texts.
 */

/** mulberry32: small, fast, good enough for test-case generation. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

// Names include ones Nix interns at start-up (map, name, value, type, builtins,
// true, null, toString): they change the order Nix prints `let` bindings in.
const VARS = ['a', 'b', 'c', 'x', 'y', 'f', 'g', 'lib', 'pkgs', 'cfg', 'foo-bar', "foo'", '_x', 'x1', 'map', 'name', 'value', 'true', 'null', 'builtins', 'toString', 'type', 'mkIf', 'e10'];
const ATTRS = ['a', 'b', 'c', 'enable', 'services', 'nginx', 'name', 'value', 'or', 'x-y', "z'", 'type', 'meta', 'Z_9'];
const QUOTED_ATTRS = ['"a b"', '""', '"if"', '"a"', '"x.y"', '"${"a"}"', '"\\n"', '"é"'];
const INTS = ['0', '1', '42', '007', '9223372036854775807', '123'];
const FLOATS = ['1.5', '.5', '1.', '2.5e-3', '0.1', '1.5E+3', '123456789.125', '0.000001234', '1234565.0', '1e10', '3.0e2', '2.2250738585072014e-308'];
/** Literals Nix's lexer rejects: drawn rarely, or most generated files would be errors. */
const BAD_LEAVES = ['9223372036854775808', '0.5e-400', '1.0e309', './a/', '~/x/', '2.2250738585072011e-308'];
const URIS = ['http://example.org/a?b=c&d', 'a:b', "x:x'", 'git+ssh://git@github.com:foo/bar.git', 'mailto:me@example.org', 'urn:isbn:0451450523'];
const SPATHS = ['<nixpkgs>', '<nixpkgs/lib>', '<a/b.c>', '<x-y_z+1>'];
const PATHS = ['./a', '../b/c', '/abs/x', 'a/b', '~/h', './a/b-c_d.e+f', './.', '../.', 'x.y/z', '1/2', '.a/b', '+/x', '/a/./b/../c'];
const BIN_OPS = ['->', '||', '&&', '==', '!=', '<', '<=', '>', '>=', '//', '+', '-', '*', '/', '++'];
const NONASSOC = new Map([['==', 1], ['!=', 1], ['<', 2], ['<=', 2], ['>', 2], ['>=', 2]]);

export class NixGen {
  constructor(private readonly rng: Rng) {}

  /** One random expression (a whole file's worth). */
  file(): string {
    const lead = this.rng.chance(0.2) ? this.rng.pick(['# header\n', '/* block\n comment */\n', '\n\n', '  ']) : '';
    return lead + this.expr(this.rng.int(5) + 2) + (this.rng.chance(0.2) ? this.rng.pick(['\n', ' # end', '\n/* x */\n']) : '');
  }

  /** Whitespace between tokens: mostly a space, sometimes nothing, newlines or comments. */
  private ws(): string {
    const r = this.rng.next();
    if (r < 0.72) return ' ';
    if (r < 0.78) return '';
    if (r < 0.88) return '\n' + ' '.repeat(this.rng.int(5));
    if (r < 0.92) return '\t';
    if (r < 0.96) return ' # c\n';
    return ' /* c */ ';
  }

  /** Whitespace that never merges tokens. */
  private sp(): string {
    const w = this.ws();
    return w === '' ? ' ' : w;
  }

  expr(b: number): string {
    if (b <= 0) return this.simple(0);
    const r = this.rng.next();
    if (r < 0.1) return this.lambda(b);
    if (r < 0.18) return this.let(b);
    if (r < 0.21) return `with${this.sp()}${this.expr(b - 2)}${this.ws()};${this.ws()}${this.expr(b - 1)}`;
    if (r < 0.24) return `assert${this.sp()}${this.expr(b - 2)}${this.ws()};${this.ws()}${this.expr(b - 1)}`;
    if (r < 0.3) {
      return `if${this.sp()}${this.expr(b - 2)}${this.sp()}then${this.sp()}${this.expr(b - 2)}${this.sp()}else${this.sp()}${this.expr(b - 1)}`;
    }
    return this.op(b);
  }

  private lambda(b: number): string {
    const body = this.expr(b - 1);
    const r = this.rng.next();
    if (r < 0.4) return `${this.rng.pick(VARS)}:${this.sp()}${body}`;
    const formals = this.formals(b);
    if (r < 0.75) return `${formals}${this.ws()}:${this.sp()}${body}`;
    if (r < 0.88) return `${this.rng.pick(['args', 'a', 'self'])}${this.ws()}@${this.ws()}${formals}:${this.sp()}${body}`;
    return `${formals}${this.ws()}@${this.ws()}${this.rng.pick(['args', 'a', 'self'])}:${this.sp()}${body}`;
  }

  private formals(b: number): string {
    const names = ['a', 'b', 'c', 'config', 'lib', 'pkgs', 'name', 'x', 'map', 'z'];
    const n = this.rng.int(4);
    const items: string[] = [];
    const used = new Set<string>();
    for (let i = 0; i < n; i++) {
      let name = this.rng.pick(names);
      if (used.has(name) && this.rng.chance(0.95)) name = `${name}${i}`; // duplicates are errors: keep them rare
      used.add(name);
      items.push(this.rng.chance(0.35) ? `${name}${this.ws()}?${this.ws()}${this.expr(b - 2)}` : name);
    }
    const r = this.rng.next();
    if (r < 0.3) items.push('...');
    let inner = items.join(`${this.ws()},${this.ws()}`);
    if (r > 0.9 && items.length > 0) inner += ','; // trailing comma
    return `{${this.ws()}${inner}${this.ws()}}`;
  }

  private attrName(b: number): string {
    const r = this.rng.next();
    if (r < 0.78) return this.rng.pick(ATTRS);
    if (r < 0.9) return this.rng.pick(QUOTED_ATTRS);
    return `\${${this.ws()}${this.rng.chance(0.5) ? this.str(b - 1) : this.expr(b - 2)}${this.ws()}}`;
  }

  private attrPath(b: number): string {
    const n = 1 + (this.rng.chance(0.4) ? this.rng.int(3) : 0);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(this.attrName(b));
    return parts.join('.');
  }

  private bindings(b: number, allowDynamic: boolean): string {
    const n = this.rng.int(5);
    let out = '';
    // Names bound so far: a repeated name is a duplicate-attribute error unless both are
    // dotted paths (`a.b = 1; a.c = 2;` merges). Repeats are kept rare but present.
    const leaf = new Set<string>();
    const nested = new Set<string>();
    const fresh = (name: string, dotted: boolean): boolean =>
      !(leaf.has(name) || (!dotted && nested.has(name))) || this.rng.chance(0.05);
    for (let i = 0; i < n; i++) {
      const r = this.rng.next();
      if (r < 0.22) {
        const pool = r < 0.12 ? ['a', 'b', 'x', 'map', 'q', '"s"', 'or'] : ['a', 'b', 'mkIf', 'q', '"t"'];
        const names: string[] = [];
        for (let k = 1 + this.rng.int(3); k > 0; k--) {
          const name = this.rng.pick(pool);
          if (!fresh(name.replace(/"/g, ''), false)) continue;
          leaf.add(name.replace(/"/g, ''));
          names.push(name);
        }
        out +=
          r < 0.12
            ? `${this.ws()}inherit${this.sp()}${names.join(' ')}${this.ws()};`
            : `${this.ws()}inherit${this.ws()}(${this.ws()}${this.expr(b - 2)}${this.ws()})${this.ws()}${names.join(' ')};`;
      } else {
        let path = this.attrPath(b);
        if (!allowDynamic && path.includes('${') && this.rng.chance(0.8)) path = this.rng.pick(ATTRS);
        const dotted = /^[A-Za-z_][\w'-]*\./.test(path);
        const head = /^[A-Za-z_][\w'-]*/.exec(path)?.[0];
        if (head !== undefined) {
          if (!fresh(head, dotted)) continue;
          (dotted ? nested : leaf).add(head);
        }
        out += `${this.ws()}${path}${this.ws()}=${this.ws()}${this.expr(b - 1)}${this.ws()};`;
      }
    }
    return out + this.ws();
  }

  private let(b: number): string {
    return `let${this.sp()}${this.bindings(b, false)}${this.sp()}in${this.sp()}${this.expr(b - 1)}`;
  }

  private op(b: number): string {
    const n = this.rng.chance(0.5) ? 1 : 1 + this.rng.int(4);
    let out = this.operand(b);
    let last = '';
    for (let i = 1; i < n; i++) {
      if (this.rng.chance(0.1)) {
        out += `${this.ws()}?${this.ws()}${this.attrPath(b - 1)}`;
        continue;
      }
      let op = this.rng.pick(BIN_OPS);
      // `a == b == c` and `a < b < c` are errors (non-associative): mostly avoid repeating a level.
      if (NONASSOC.has(op) && NONASSOC.has(last) && NONASSOC.get(op) === NONASSOC.get(last) && this.rng.chance(0.9)) op = '+';
      last = op;
      out += `${this.ws()}${op}${this.ws()}${this.operand(b - 1)}`;
    }
    return out;
  }

  private operand(b: number): string {
    const r = this.rng.next();
    if (r < 0.07) return `!${this.ws()}${this.operand(b - 1)}`;
    if (r < 0.14) return `-${this.ws()}${this.operand(b - 1)}`;
    return this.app(b);
  }

  private app(b: number): string {
    let out = this.select(b);
    if (this.rng.chance(0.3)) {
      const n = 1 + this.rng.int(3);
      for (let i = 0; i < n; i++) out += this.sp() + this.select(b - 1);
    }
    return out;
  }

  private select(b: number): string {
    const base = this.simple(b);
    const r = this.rng.next();
    if (r < 0.2) return `${base}.${this.attrPath(b - 1)}`;
    if (r < 0.27) return `${base}.${this.attrPath(b - 1)}${this.sp()}or${this.sp()}${this.select(b - 2)}`;
    if (r < 0.29) return `${base}${this.sp()}or`;
    return base;
  }

  simple(b: number): string {
    const r = this.rng.next();
    if (b <= 0 || r < 0.3) return this.leaf();
    if (r < 0.4) return this.str(b);
    if (r < 0.48) return this.indStr(b);
    if (r < 0.53) return this.interpPath(b);
    if (r < 0.65) return `(${this.ws()}${this.expr(b - 1)}${this.ws()})`;
    if (r < 0.8) return `${this.rng.chance(0.15) ? 'rec' + this.ws() : ''}{${this.bindings(b, true)}}`;
    if (r < 0.82) return `let${this.ws()}{${this.bindings(b, true)}${this.rng.chance(0.7) ? ' body = ' + this.expr(b - 1) + ';' : ''}${this.ws()}}`;
    const n = this.rng.int(4);
    const elems: string[] = [];
    for (let i = 0; i < n; i++) elems.push(this.select(b - 1));
    return `[${this.ws()}${elems.join(this.sp())}${this.ws()}]`;
  }

  private leaf(): string {
    if (this.rng.chance(0.002)) return this.rng.pick(BAD_LEAVES);
    const r = this.rng.next();
    if (r < 0.45) return this.rng.pick(VARS);
    if (r < 0.6) return this.rng.pick(INTS);
    if (r < 0.7) return this.rng.pick(FLOATS);
    if (r < 0.8) return this.rng.pick(PATHS);
    if (r < 0.86) return this.rng.pick(SPATHS);
    if (r < 0.92) return this.rng.pick(URIS);
    if (r < 0.96) return '__curPos';
    return this.rng.pick(['""', "''''", '{ }', '[ ]', '({}: 1)']);
  }

  str(b: number): string {
    const pieces = ['a', 'hello world', ' ', '\\n', '\\t', '\\r', '\\\\', '\\"', '\\$', '\\${x}', '$$', '$x', '$', 'é', '\n', "'", '\\q', '$${', '😀', '\r\n', '\\\n'];
    let out = '"';
    const n = this.rng.int(5);
    for (let i = 0; i < n; i++) {
      if (b > 0 && this.rng.chance(0.25)) out += `\${${this.ws()}${this.expr(b - 2)}${this.ws()}}`;
      else out += this.rng.pick(pieces);
    }
    // A `$` right before the closing quote is text, as is `$` before `\`.
    if (this.rng.chance(0.05)) out += '$';
    return out + '"';
  }

  indStr(b: number): string {
    const pieces = ['text', ' ', '  ', '\t', "'", "'a", "''$", "'''", "''\\n", "''\\t", "''\\x", '$', '$a', '$$', '$${x}', 'curl -fsS http://x:8080/ || exit 1', 'é', '\\n', '"q"', "''${"];
    let out = "''";
    if (this.rng.chance(0.5)) out += ' '.repeat(this.rng.int(3)) + '\n';
    const lines = 1 + this.rng.int(4);
    for (let l = 0; l < lines; l++) {
      out += ' '.repeat(this.rng.int(6));
      const n = this.rng.int(4);
      for (let i = 0; i < n; i++) {
        if (b > 0 && this.rng.chance(0.2)) out += `\${${this.ws()}${this.expr(b - 2)}${this.ws()}}`;
        else {
          const p = this.rng.pick(pieces);
          // never emit a stray `''` closer (or `'` just before the closer) by accident
          if (p.endsWith("'") && p !== "'''") out += p + 'x';
          else out += p;
        }
      }
      if (l < lines - 1 || this.rng.chance(0.5)) out += '\n';
    }
    out += ' '.repeat(this.rng.int(4));
    return out + "''";
  }

  private interpPath(b: number): string {
    const heads = ['./a/', './', '/', '~/', 'a/', '../x/', './a', '/abs/b'];
    let out = this.rng.pick(heads) + `\${${this.ws()}${this.expr(b - 2)}${this.ws()}}`;
    const tails = ['', '.nix', '/c', '/x/${z}', '-y', '/${z}', 'a/b'];
    out += this.rng.pick(tails);
    return out;
  }
}

const MUTATION_CHARS = [';', '{', '}', '(', ')', '"', "'", '$', '.', '=', ' ', '\n', 'a', '1', '/', '#', '*', ':', '@', '?', ',', '[', ']', '-', '<', '>', '!', '\\', 'or', 'in', '${', "''", '~', '|', '&'];

/** A copy of `text` with 1–3 random edits: delete, insert, swap, duplicate a slice. */
export function mutate(text: string, rng: Rng): string {
  let s = text;
  const edits = 1 + rng.int(3);
  for (let k = 0; k < edits; k++) {
    const i = rng.int(s.length + 1);
    const r = rng.next();
    if (r < 0.4 && s.length > 0) {
      const len = 1 + (rng.chance(0.3) ? rng.int(4) : 0);
      s = s.slice(0, i) + s.slice(i + len);
    } else if (r < 0.8) {
      s = s.slice(0, i) + rng.pick(MUTATION_CHARS) + s.slice(i);
    } else if (r < 0.9 && i + 1 < s.length) {
      s = s.slice(0, i) + s[i + 1]! + s[i]! + s.slice(i + 2);
    } else {
      const len = 1 + rng.int(8);
      s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
    }
  }
  // Keep the text valid UTF-16 (a split surrogate pair would be written as U+FFFD).
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}
