/**
 * Lowers the source-faithful AST to what Nix 2.8's parser actions build (its
 * Expr classes), and raises the errors those actions raise:
 *
 * - attrpath bindings merge into nested sets (`a.b = 1; a.c = 2;`), also into
 *   an explicit set value (`a = { b = 1; }; a.c = 2;`); a clash is
 *   `attribute 'a.b' already defined`;
 * - `inherit (e) x;` becomes `x = e.x`, `inherit x;` an inherited `x`;
 * - operators become calls of builtins (`a > b` → `__lessThan b a`, `-x` →
 *   `__sub 0 x`), `<p>` → `__findFile __nixPath "p"`, strings with
 *   interpolation become concatenations, applications are flattened;
 * - duplicate formals, dynamic attributes in `let` and in `inherit` are errors.
 *
 * The printer (print.ts) prints this IR; (only the differential test against nix-instantiate --parse uses it).
 */
import type { Span } from '../../src/model/span.js';
import type { AttrName, Binding, Expr, Lambda } from '../../src/parsers/nix/syntax/ast.js';
import { NixSemanticError } from '../../src/parsers/nix/syntax/check.js';
import { staticAttrName } from '../../src/parsers/nix/syntax/strings.js';
import { spanOf } from '../../src/parsers/nix/syntax/positions.js';

export type IR =
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'string'; s: string }
  /** A path literal's first segment as written; resolution needs a base directory (print.ts). */
  | { t: 'path'; kind: 'relative' | 'absolute' | 'home'; raw: string }
  | { t: 'var'; name: string }
  /** `__curPos`. */
  | { t: 'pos' }
  | { t: 'select'; e: IR; path: IRAttrName[]; def: IR | null }
  | { t: 'hasAttr'; e: IR; path: IRAttrName[] }
  | IRAttrs
  | { t: 'list'; elems: IR[] }
  | { t: 'lambda'; arg: string | null; formals: IRFormals | null; body: IR }
  | { t: 'call'; fn: IR; args: IR[] }
  | { t: 'let'; attrs: IRAttrs; body: IR }
  | { t: 'with'; env: IR; body: IR }
  | { t: 'if'; cond: IR; then: IR; else: IR }
  | { t: 'assert'; cond: IR; body: IR }
  | { t: 'not'; e: IR }
  | { t: 'op'; op: '==' | '!=' | '&&' | '||' | '->' | '//' | '++'; a: IR; b: IR }
  /** String concatenation: interpolated strings and paths, and `+`. */
  | { t: 'concat'; parts: IR[] };

/** A static name, or the expression of a dynamic one. */
export type IRAttrName = string | IR;

export interface IRAttrDef {
  e: IR;
  inherited: boolean;
  /** Where the defining binding's attrpath (or inherit list) starts. */
  span: Span;
}

export interface IRDynamicAttr {
  name: IR;
  value: IR;
  span: Span;
}

export interface IRAttrs {
  t: 'attrs';
  rec: boolean;
  attrs: Map<string, IRAttrDef>;
  dynamic: IRDynamicAttr[];
}

export interface IRFormals {
  formals: Array<{ name: string; def: IR | null; span: Span }>;
  ellipsis: boolean;
}

const cache = new WeakMap<Expr, IR>();

/** Lowers a tree (memoised per root node); throws NixSemanticError. */
export function lowerChecked(ast: Expr): IR {
  let ir = cache.get(ast);
  if (ir === undefined) {
    ir = lower(ast);
    cache.set(ast, ir);
  }
  return ir;
}

function at(s: Span): string {
  return `${s.line}:${s.column}`;
}

function call(name: string, args: IR[]): IR {
  return { t: 'call', fn: { t: 'var', name }, args };
}

export function lower(e: Expr): IR {
  switch (e.kind) {
    case 'Int':
      return { t: 'int', v: e.value };
    case 'Float':
      return { t: 'float', v: e.value };
    case 'String': {
      if (e.parts.length === 0) return { t: 'string', s: '' };
      const p0 = e.parts[0]!;
      if (e.parts.length === 1 && p0.kind === 'Lit') return { t: 'string', s: p0.value };
      return { t: 'concat', parts: e.parts.map((p) => (p.kind === 'Lit' ? { t: 'string', s: p.value } : lower(p.expr))) };
    }
    case 'IndString': {
      if (e.parts.length === 0) return { t: 'string', s: '' };
      const parts = e.parts.map((p): IR => (p.kind === 'IndLit' ? { t: 'string', s: p.cooked } : lower(p.expr)));
      const p0 = parts[0]!;
      return parts.length === 1 && p0.t === 'string' ? p0 : { t: 'concat', parts };
    }
    case 'Path': {
      const first = e.parts[0]!;
      const path: IR = { t: 'path', kind: e.pathKind, raw: first.kind === 'Lit' ? first.value : '' };
      if (e.parts.length === 1) return path;
      const parts: IR[] = [path];
      for (let i = 1; i < e.parts.length; i++) {
        const p = e.parts[i]!;
        parts.push(p.kind === 'Lit' ? { t: 'string', s: p.value } : lower(p.expr));
      }
      return { t: 'concat', parts };
    }
    case 'SearchPath':
      return call('__findFile', [{ t: 'var', name: '__nixPath' }, { t: 'string', s: e.path }]);
    case 'Uri':
      return { t: 'string', s: e.value };
    case 'Var':
      return e.name === '__curPos' ? { t: 'pos' } : { t: 'var', name: e.name };
    case 'Select': {
      const inner = lower(e.expr);
      const path = lowerPath(e.path);
      return { t: 'select', e: inner, path, def: e.default === null ? null : lower(e.default) };
    }
    case 'HasAttr': {
      const inner = lower(e.expr);
      return { t: 'hasAttr', e: inner, path: lowerPath(e.path) };
    }
    case 'Apply': {
      const fn = lower(e.fn);
      const arg = lower(e.arg);
      // `f or` is a fresh call; other applications extend a call (`(f a) b` is `f a b`).
      const orCall = e.arg.kind === 'Var' && e.arg.name === 'or';
      if (fn.t === 'call' && !orCall) return { t: 'call', fn: fn.fn, args: [...fn.args, arg] };
      return { t: 'call', fn, args: [arg] };
    }
    case 'Lambda':
      return lowerLambda(e);
    case 'Let': {
      const attrs = lowerBindings(e.bindings, false);
      const body = lower(e.body);
      if (attrs.dynamic.length > 0) throw new NixSemanticError('dynamic attributes not allowed in let', spanOf(e));
      return { t: 'let', attrs, body };
    }
    case 'LegacyLet':
      return { t: 'select', e: lowerBindings(e.bindings, true), path: ['body'], def: null };
    case 'AttrSet':
      return lowerBindings(e.bindings, e.rec);
    case 'List':
      return { t: 'list', elems: e.elems.map(lower) };
    case 'With': {
      const env = lower(e.env);
      return { t: 'with', env, body: lower(e.body) };
    }
    case 'Assert': {
      const cond = lower(e.cond);
      return { t: 'assert', cond, body: lower(e.body) };
    }
    case 'If': {
      const cond = lower(e.cond);
      const then = lower(e.then);
      return { t: 'if', cond, then, else: lower(e.else) };
    }
    case 'Not':
      return { t: 'not', e: lower(e.expr) };
    case 'Negate':
      return call('__sub', [{ t: 'int', v: 0n }, lower(e.expr)]);
    case 'Paren':
      return lower(e.expr);
    case 'BinaryOp': {
      const a = lower(e.lhs);
      const b = lower(e.rhs);
      switch (e.op) {
        case '==':
        case '!=':
        case '&&':
        case '||':
        case '->':
        case '//':
        case '++':
          return { t: 'op', op: e.op, a, b };
        case '<':
          return call('__lessThan', [a, b]);
        case '>':
          return call('__lessThan', [b, a]);
        case '<=':
          return { t: 'not', e: call('__lessThan', [b, a]) };
        case '>=':
          return { t: 'not', e: call('__lessThan', [a, b]) };
        case '+':
          return { t: 'concat', parts: [a, b] };
        case '-':
          return call('__sub', [a, b]);
        case '*':
          return call('__mul', [a, b]);
        case '/':
          return call('__div', [a, b]);
        case '|>':
          return b.t === 'call' ? { t: 'call', fn: b.fn, args: [...b.args, a] } : { t: 'call', fn: b, args: [a] };
        case '<|':
          return a.t === 'call' ? { t: 'call', fn: a.fn, args: [...a.args, b] } : { t: 'call', fn: a, args: [b] };
      }
    }
  }
}

function lowerPath(path: readonly AttrName[]): IRAttrName[] {
  return path.map((a) => {
    const s = staticAttrName(a);
    if (s !== null) return s;
    if (a.kind === 'StringAttr') return lower(a.str);
    if (a.kind === 'DynamicAttr') return lower(a.expr);
    return a.name; // unreachable: identifiers are static
  });
}

function lowerLambda(e: Lambda): IR {
  const formals: IRFormals | null =
    e.formals === null
      ? null
      : {
          ellipsis: e.formals.ellipsis,
          formals: e.formals.entries.map((f) => ({ name: f.name.name, def: f.default === null ? null : lower(f.default), span: spanOf(f.name) })),
        };
  const body = lower(e.body);
  if (formals !== null) {
    // Checked when the lambda is reduced, i.e. after its body.
    const seen = new Set<string>();
    for (const f of formals.formals) {
      if (seen.has(f.name)) throw new NixSemanticError(`duplicate formal function argument '${f.name}'`, f.span);
      seen.add(f.name);
    }
    if (e.arg !== null && seen.has(e.arg.name)) {
      throw new NixSemanticError(`duplicate formal function argument '${e.arg.name}'`, spanOf(e.arg));
    }
  }
  return { t: 'lambda', arg: e.arg === null ? null : e.arg.name, formals, body };
}

function showPath(path: readonly IRAttrName[]): string {
  return path.map((n) => (typeof n === 'string' ? n : '"${…}"')).join('.');
}

/** Builds a set from bindings in order, merging attrpaths as Nix's addAttr does. */
function lowerBindings(bindings: readonly Binding[], rec: boolean): IRAttrs {
  const set: IRAttrs = { t: 'attrs', rec, attrs: new Map(), dynamic: [] };
  for (const b of bindings) {
    if (b.kind === 'Inherit') {
      const from = b.from === null ? null : lower(b.from);
      const names: string[] = [];
      for (const n of b.names) {
        const s = staticAttrName(n);
        if (s === null) throw new NixSemanticError('dynamic attributes not allowed in inherit', spanOf(n));
        names.push(s);
      }
      const span = (b.names[0] ? spanOf(b.names[0]) : undefined) ?? spanOf(b);
      for (const name of names) {
        const prev = set.attrs.get(name);
        if (prev !== undefined) {
          throw new NixSemanticError(`attribute '${name}' already defined at ${at(prev.span)}`, span);
        }
        set.attrs.set(
          name,
          from === null
            ? { e: { t: 'var', name }, inherited: true, span }
            : { e: { t: 'select', e: from, path: [name], def: null }, inherited: false, span },
        );
      }
      continue;
    }
    const path = lowerPath(b.path);
    const value = lower(b.value);
    addAttr(set, path, value, spanOf(b.path[0]!));
  }
  return set;
}

function addAttr(top: IRAttrs, path: IRAttrName[], value: IR, span: Span): void {
  let attrs = top;
  const last = path.length - 1;
  for (let i = 0; i < last; i++) {
    const name = path[i]!;
    if (typeof name === 'string') {
      const j = attrs.attrs.get(name);
      if (j !== undefined) {
        if (j.inherited || j.e.t !== 'attrs') throw dupAttr(path, span, j.span);
        attrs = j.e;
      } else {
        const nested: IRAttrs = { t: 'attrs', rec: false, attrs: new Map(), dynamic: [] };
        attrs.attrs.set(name, { e: nested, inherited: false, span });
        attrs = nested;
      }
    } else {
      const nested: IRAttrs = { t: 'attrs', rec: false, attrs: new Map(), dynamic: [] };
      attrs.dynamic.push({ name, value: nested, span });
      attrs = nested;
    }
  }
  const name = path[last]!;
  if (typeof name !== 'string') {
    attrs.dynamic.push({ name, value, span });
    return;
  }
  const j = attrs.attrs.get(name);
  if (j === undefined) {
    attrs.attrs.set(name, { e: value, inherited: false, span });
    return;
  }
  // Both sets: merge the new one's static attributes into the existing one (its dynamic ones are dropped, as in Nix 2.8).
  if (j.e.t === 'attrs' && value.t === 'attrs' && !j.inherited) {
    const target = j.e;
    for (const [k, def] of value.attrs) {
      const prev = target.attrs.get(k);
      if (prev !== undefined) throw new NixSemanticError(`attribute '${k}' already defined at ${at(prev.span)}`, def.span);
      target.attrs.set(k, def);
    }
    return;
  }
  throw dupAttr(path, span, j.span);
}

function dupAttr(path: readonly IRAttrName[], span: Span, prev: Span): NixSemanticError {
  return new NixSemanticError(`attribute '${showPath(path)}' already defined at ${at(prev)}`, span);
}
