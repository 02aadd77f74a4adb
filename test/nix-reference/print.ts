/**
 * The canonical printer: exactly what `nix-instantiate --parse` (Nix 2.8)
 * prints for a tree — fully parenthesised, attrpaths merged, operators as
 * builtin calls, strings escaped, paths absolute (Expr::show in nixexpr.cc).
 *
 * Paths need a base directory (Nix uses the file's directory, the working
 * directory for stdin) and a home directory for `~/`.
 */
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Expr } from '../../src/parsers/nix/syntax/ast.js';
import { formatDouble } from './float-format.js';
import { lowerChecked, type IR, type IRAttrName, type IRAttrs } from './lower.js';
import { internAll, NixSymbolTable } from './symbol-order.js';
import { spanOf } from '../../src/parsers/nix/syntax/positions.js';

export interface PrintOptions {
  /** Directory relative paths resolve against (default: the directory of the root span's file). */
  baseDir?: string;
  /** Expansion of `~` (default: $HOME, else the OS home directory). */
  home?: string;
  /**
   * Symbols interned before this tree, for printing several files as one Nix
   * process would (it affects the order of `let` bindings and formals).
   */
  symbols?: NixSymbolTable;
}

/**
 * Prints a tree as Nix 2.8 does. Throws NixSemanticError for trees Nix
 * rejects (parseNix never returns those).
 */
export function printNix(ast: Expr, options: PrintOptions = {}): string {
  const ir = lowerChecked(ast);
  const symbols = options.symbols ?? new NixSymbolTable();
  internAll(ast, symbols);
  const printer = new Printer(
    symbols,
    options.baseDir ?? dirname(resolve(spanOf(ast).file)),
    options.home ?? process.env.HOME ?? homedir(),
  );
  printer.show(ir);
  return printer.out;
}

/** Nix's showString: `"`, `\` and `$` escaped, `\n \r \t` as escapes, everything else raw. */
export function showString(s: string): string {
  let out = '"';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | null = null;
    if (c === 34) esc = '\\"';
    else if (c === 92) esc = '\\\\';
    else if (c === 36) esc = '\\$';
    else if (c === 10) esc = '\\n';
    else if (c === 13) esc = '\\r';
    else if (c === 9) esc = '\\t';
    if (esc !== null) {
      out += s.slice(run, i) + esc;
      run = i + 1;
    }
  }
  return out + s.slice(run) + '"';
}

/** Nix's showId: a plain identifier, else a quoted string (`""`, `"if"`, `"a b"`). */
export function showId(s: string): string {
  if (s === '') return '""';
  if (s === 'if') return '"if"';
  const c0 = s.charCodeAt(0);
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90) || c0 === 95)) return showString(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 39 || c === 45;
    if (!ok) return showString(s);
  }
  return s;
}

/** Nix's canonPath without symlink resolution: collapses `//`, `.` and `..`. */
export function canonPath(path: string): string {
  let s = '';
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      const slash = s.lastIndexOf('/');
      if (slash >= 0) s = s.slice(0, slash);
    } else {
      s += '/' + part;
    }
  }
  return s === '' ? '/' : s;
}

/** Byte order of the UTF-8 encodings (= code point order), as std::string compares. */
function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort after all BMP code points in UTF-8.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

class Printer {
  out = '';

  constructor(
    private readonly symbols: NixSymbolTable,
    private readonly baseDir: string,
    private readonly home: string,
  ) {}

  private rank(name: string): number {
    return this.symbols.rank(name);
  }

  private path(kind: 'relative' | 'absolute' | 'home', raw: string): string {
    if (kind === 'home') return this.home + raw.slice(1);
    let p = canonPath(kind === 'absolute' ? raw : `${this.baseDir}/${raw}`);
    if (raw.length > 1 && raw.endsWith('/')) p += '/';
    return p;
  }

  private attrPath(path: readonly IRAttrName[]): void {
    for (let i = 0; i < path.length; i++) {
      if (i > 0) this.out += '.';
      const n = path[i]!;
      if (typeof n === 'string') this.out += showId(n);
      else {
        this.out += '"${';
        this.show(n);
        this.out += '}"';
      }
    }
  }

  private attrs(a: IRAttrs): void {
    if (a.rec) this.out += 'rec ';
    this.out += '{ ';
    const names = [...a.attrs.keys()].sort(compareBytes);
    for (const name of names) {
      const def = a.attrs.get(name)!;
      if (def.inherited) this.out += `inherit ${showId(name)} ; `;
      else {
        this.out += `${showId(name)} = `;
        this.show(def.e);
        this.out += '; ';
      }
    }
    for (const d of a.dynamic) {
      this.out += '"${';
      this.show(d.name);
      this.out += '}" = ';
      this.show(d.value);
      this.out += '; ';
    }
    this.out += '}';
  }

  show(e: IR): void {
    switch (e.t) {
      case 'int':
        this.out += e.v.toString();
        return;
      case 'float':
        this.out += formatDouble(e.v);
        return;
      case 'string':
        this.out += showString(e.s);
        return;
      case 'path':
        this.out += this.path(e.kind, e.raw);
        return;
      case 'var':
        this.out += showId(e.name);
        return;
      case 'pos':
        this.out += '__curPos';
        return;
      case 'select':
        this.out += '(';
        this.show(e.e);
        this.out += ').';
        this.attrPath(e.path);
        if (e.def !== null) {
          this.out += ' or (';
          this.show(e.def);
          this.out += ')';
        }
        return;
      case 'hasAttr':
        this.out += '((';
        this.show(e.e);
        this.out += ') ? ';
        this.attrPath(e.path);
        this.out += ')';
        return;
      case 'attrs':
        this.attrs(e);
        return;
      case 'list':
        this.out += '[ ';
        for (const x of e.elems) {
          this.out += '(';
          this.show(x);
          this.out += ') ';
        }
        this.out += ']';
        return;
      case 'lambda': {
        this.out += '(';
        if (e.formals !== null) {
          this.out += '{ ';
          const formals = [...e.formals.formals].sort((a, b) => this.rank(a.name) - this.rank(b.name));
          let first = true;
          for (const f of formals) {
            if (first) first = false;
            else this.out += ', ';
            this.out += showId(f.name);
            if (f.def !== null) {
              this.out += ' ? ';
              this.show(f.def);
            }
          }
          if (e.formals.ellipsis) {
            if (!first) this.out += ', ';
            this.out += '...';
          }
          this.out += ' }';
          if (e.arg !== null) this.out += ' @ ';
        }
        if (e.arg !== null) this.out += showId(e.arg);
        this.out += ': ';
        this.show(e.body);
        this.out += ')';
        return;
      }
      case 'call':
        this.out += '(';
        this.show(e.fn);
        for (const a of e.args) {
          this.out += ' ';
          this.show(a);
        }
        this.out += ')';
        return;
      case 'let': {
        this.out += '(let ';
        const names = [...e.attrs.attrs.keys()].sort((a, b) => this.rank(a) - this.rank(b));
        for (const name of names) {
          const def = e.attrs.attrs.get(name)!;
          if (def.inherited) this.out += `inherit ${showId(name)}; `;
          else {
            this.out += `${showId(name)} = `;
            this.show(def.e);
            this.out += '; ';
          }
        }
        this.out += 'in ';
        this.show(e.body);
        this.out += ')';
        return;
      }
      case 'with':
        this.out += '(with ';
        this.show(e.env);
        this.out += '; ';
        this.show(e.body);
        this.out += ')';
        return;
      case 'if':
        this.out += '(if ';
        this.show(e.cond);
        this.out += ' then ';
        this.show(e.then);
        this.out += ' else ';
        this.show(e.else);
        this.out += ')';
        return;
      case 'assert':
        this.out += 'assert ';
        this.show(e.cond);
        this.out += '; ';
        this.show(e.body);
        return;
      case 'not':
        this.out += '(! ';
        this.show(e.e);
        this.out += ')';
        return;
      case 'op':
        this.out += '(';
        this.show(e.a);
        this.out += ` ${e.op} `;
        this.show(e.b);
        this.out += ')';
        return;
      case 'concat':
        this.out += '(';
        for (let i = 0; i < e.parts.length; i++) {
          if (i > 0) this.out += ' + ';
          this.show(e.parts[i]!);
        }
        this.out += ')';
        return;
    }
  }
}
