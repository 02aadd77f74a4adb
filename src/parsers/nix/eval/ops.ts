/**
 * Operators with Nix 2.8's semantics: 64-bit wrapping integers, int/float
 * promotion, `+` on strings and paths, deep equality (with Nix's quirk that
 * identical elements of lists and sets compare equal even when they are
 * functions), and ordering of numbers, strings, paths and lists. An unknown
 * operand makes the result unknown unless the answer does not depend on it.
 */
import type { Span } from '../../../model/span.js';
import type { BinaryOp } from '../syntax/ast.js';
import { unparen } from '../syntax/strings.js';
import { coerceToString } from './coerce.js';
import { EvalError } from './errors.js';
import { canonicalPath } from './literals.js';
import type { Machine } from './machine.js';
import { StrBuilder } from './strings.js';
import { compareNames, float, int, typeName, type UnknownV, type Value } from './value.js';
import { spanOf } from '../syntax/positions.js';
import { stringUnits } from './budget.js';

export function arith(op: '-' | '*' | '/' | '+', a: Value, b: Value, at: Span): Value {
  if (a.t === 'unknown') return a;
  if (b.t === 'unknown') return b;
  if (a.t === 'int' && b.t === 'int') {
    switch (op) {
      case '+':
        return int(a.v + b.v);
      case '-':
        return int(a.v - b.v);
      case '*':
        return int(a.v * b.v);
      case '/':
        if (b.v === 0n) throw new EvalError('division by zero', at, 'other');
        return int(a.v / b.v);
    }
  }
  if ((a.t === 'int' || a.t === 'float') && (b.t === 'int' || b.t === 'float')) {
    const x = Number(a.v);
    const y = Number(b.v);
    switch (op) {
      case '+':
        return float(x + y);
      case '-':
        return float(x - y);
      case '*':
        return float(x * y);
      case '/':
        if (y === 0) throw new EvalError('division by zero', at, 'other');
        return float(x / y);
    }
  }
  const bad = a.t === 'int' || a.t === 'float' ? b : a;
  throw new EvalError(`value is ${typeName(bad)} while an integer was expected`, at, 'type');
}

/** `a + b`: numbers add; a path absorbs a string; everything else concatenates as strings. */
export function concatValues(m: Machine, a: Value, b: Value, e: BinaryOp): Value {
  if (a.t === 'int' || a.t === 'float') {
    if (b.t === 'unknown') return b;
    if (b.t !== 'int' && b.t !== 'float') throw new EvalError(`cannot add ${typeName(b)} to ${typeName(a)}`, spanOf(e), 'type');
    return arith('+', a, b, spanOf(e));
  }
  if (a.t === 'unknown' && !a.store) return a;
  if (a.t === 'path') {
    const s = coerceToString(m, b, 'interp', spanOf(e.rhs));
    if (s.t === 'unknown') return s;
    return { t: 'path', p: canonicalPath(a.p + s.s) };
  }
  const sa = coerceToString(m, a, 'interp', spanOf(e.lhs));
  if (sa.t === 'unknown') return sa;
  const sb = coerceToString(m, b, 'interp', spanOf(e.rhs));
  if (sb.t === 'unknown') return sb;
  const builder = new StrBuilder(spanOf(e).file);
  builder.addString(sa, spanOf(e.lhs), true);
  builder.addString(sb, spanOf(e.rhs), true);
  // The more specific origin: the operand that is not a plain literal.
  const rhs = unparen(e.rhs);
  const rhsLiteral = (rhs.kind === 'String' || rhs.kind === 'IndString') && rhs.parts.every((p) => p.kind !== 'Interp');
  builder.origin = rhsLiteral ? sa.origin ?? sb.origin : sb.origin ?? sa.origin;
  const v = builder.build();
  m.alloc(stringUnits(v.s.length), spanOf(e));
  return v;
}

/**
 * Deep equality. `nested` is false for the operands of `==` itself: Nix
 * compares copies there, so two references to one function are not equal.
 */
export function eqValues(m: Machine, a: Value, b: Value, at: Span, nested: boolean): boolean | UnknownV {
  if (nested && a === b) return true;
  if (a.t === 'unknown' || b.t === 'unknown') return eqUnknown(a, b);
  switch (a.t) {
    case 'null':
      return b.t === 'null';
    case 'bool':
      return b.t === 'bool' && a.v === b.v;
    case 'int':
      return b.t === 'int' ? a.v === b.v : b.t === 'float' ? Number(a.v) === b.v : false;
    case 'float':
      return b.t === 'float' || b.t === 'int' ? a.v === Number(b.v) : false;
    case 'string':
      return b.t === 'string' && a.s === b.s;
    case 'path':
      return b.t === 'path' && a.p === b.p;
    case 'lambda':
    case 'primop':
      return false;
    case 'list': {
      if (b.t !== 'list' || a.items.length !== b.items.length) return false;
      let open: UnknownV | undefined;
      m.enter(at);
      try {
        for (let i = 0; i < a.items.length; i++) {
          const x = a.items[i]!;
          const y = b.items[i]!;
          if (x === y) continue;
          const r = eqValues(m, m.force(x), m.force(y), at, true);
          if (r === false) return false;
          if (r !== true) open ??= r;
        }
      } finally {
        m.leave();
      }
      return open ?? true;
    }
    case 'attrs': {
      if (b.t !== 'attrs') return false;
      // Two derivations are equal when their outputs are.
      const ta = a.map.get('type');
      const tb = b.map.get('type');
      if (ta && tb) {
        const va = m.force(ta.v);
        const vb = m.force(tb.v);
        if (va.t === 'string' && va.s === 'derivation' && vb.t === 'string' && vb.s === 'derivation') {
          const oa = a.map.get('outPath');
          const ob = b.map.get('outPath');
          if (oa && ob) return eqValues(m, m.force(oa.v), m.force(ob.v), at, true);
        }
      }
      if (a.map.size !== b.map.size) return false;
      let open: UnknownV | undefined;
      m.enter(at);
      try {
        for (const [k, x] of a.map) {
          const y = b.map.get(k);
          if (!y) return false;
          if (x.v === y.v) continue;
          const r = eqValues(m, m.force(x.v), m.force(y.v), at, true);
          if (r === false) return false;
          if (r !== true) open ??= r;
        }
      } finally {
        m.leave();
      }
      return open ?? true;
    }
  }
}

/**
 * Comparing with something unknown: unknown — except a package (an opaque
 * `pkgs.X`, a derivation, so a set) against null or a scalar, which is never
 * equal (`filter (p: p != null) [ pkgs.curl ]` keeps the package).
 */
function eqUnknown(a: Value, b: Value): boolean | UnknownV {
  const [u, other] = a.t === 'unknown' ? [a, b] : [b as UnknownV, a];
  if (u.store && (other.t === 'null' || other.t === 'bool' || other.t === 'int' || other.t === 'float' || other.t === 'list')) return false;
  if (u.store && other.t === 'unknown' && other.store && other.label === u.label) return true;
  return verdict(u, '==');
}

/** The unknown result of a comparison: a Boolean nobody knows, never a package. */
function verdict(u: UnknownV, op: string): UnknownV {
  const out: UnknownV = { t: 'unknown', why: u.why, label: `${u.label} ${op} …` };
  if (u.at) out.at = u.at;
  return out;
}

export function lessThan(m: Machine, a: Value, b: Value, at: Span): boolean | UnknownV {
  if (a.t === 'unknown') return verdict(a, '<');
  if (b.t === 'unknown') return verdict(b, '<');
  if ((a.t === 'int' || a.t === 'float') && (b.t === 'int' || b.t === 'float')) {
    if (a.t === 'int' && b.t === 'int') return a.v < b.v;
    return Number(a.v) < Number(b.v);
  }
  if (a.t === 'string' && b.t === 'string') return compareNames(a.s, b.s) < 0;
  if (a.t === 'path' && b.t === 'path') return compareNames(a.p, b.p) < 0;
  if (a.t === 'list' && b.t === 'list') {
    m.enter(at);
    try {
      for (let i = 0; ; i++) {
        if (i === b.items.length) return false;
        if (i === a.items.length) return true;
        const x = m.force(a.items[i]!);
        const y = m.force(b.items[i]!);
        const eq = eqValues(m, x, y, at, true);
        if (eq === true) continue;
        if (eq !== false) return eq;
        return lessThan(m, x, y, at);
      }
    } finally {
      m.leave();
    }
  }
  throw new EvalError(`cannot compare ${typeName(a)} with ${typeName(b)}`, at, 'type');
}
