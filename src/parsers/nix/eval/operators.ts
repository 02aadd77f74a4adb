/**
 * Binary operators: short-circuit logic (an unknown side decides nothing
 * unless the other one does), comparisons, `//` (an unknown left side still
 * leaves the right side's attributes known), `++`, `+` and arithmetic,
 * pipes.
 */
import type { BinaryOp } from '../syntax/ast.js';
import type { Env } from './env.js';
import type { Machine } from './machine.js';
import { arith, concatValues, eqValues, lessThan } from './ops.js';
import { attrs, bool, list, openAttrs, type AttrsV, type Value } from './value.js';
import { spanOf } from '../syntax/positions.js';

export function evalBinary(m: Machine, e: BinaryOp, env: Env): Value {
  switch (e.op) {
    case '&&': {
      const a = m.eval(e.lhs, env);
      if (a.t === 'bool' && !a.v) return a;
      if (a.t !== 'bool' && a.t !== 'unknown') throw m.typeError(a, 'a Boolean', spanOf(e.lhs));
      const b = m.eval(e.rhs, env);
      if (b.t !== 'bool' && b.t !== 'unknown') throw m.typeError(b, 'a Boolean', spanOf(e.rhs));
      if (a.t === 'unknown') return b.t === 'bool' && !b.v ? b : a;
      return b;
    }
    case '||': {
      const a = m.eval(e.lhs, env);
      if (a.t === 'bool' && a.v) return a;
      if (a.t !== 'bool' && a.t !== 'unknown') throw m.typeError(a, 'a Boolean', spanOf(e.lhs));
      const b = m.eval(e.rhs, env);
      if (b.t !== 'bool' && b.t !== 'unknown') throw m.typeError(b, 'a Boolean', spanOf(e.rhs));
      if (a.t === 'unknown') return b.t === 'bool' && b.v ? b : a;
      return b;
    }
    case '->': {
      const a = m.eval(e.lhs, env);
      if (a.t === 'bool' && !a.v) return bool(true);
      if (a.t !== 'bool' && a.t !== 'unknown') throw m.typeError(a, 'a Boolean', spanOf(e.lhs));
      const b = m.eval(e.rhs, env);
      if (b.t !== 'bool' && b.t !== 'unknown') throw m.typeError(b, 'a Boolean', spanOf(e.rhs));
      if (a.t === 'unknown') return b.t === 'bool' && b.v ? b : a;
      return b;
    }
    case '==':
    case '!=': {
      const r = eqValues(m, m.eval(e.lhs, env), m.eval(e.rhs, env), spanOf(e), false);
      if (typeof r !== 'boolean') return r;
      return bool(e.op === '==' ? r : !r);
    }
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const a = m.eval(e.lhs, env);
      const b = m.eval(e.rhs, env);
      const r = e.op === '<' || e.op === '>=' ? lessThan(m, a, b, spanOf(e)) : lessThan(m, b, a, spanOf(e));
      if (typeof r !== 'boolean') return r;
      return bool(e.op === '<' || e.op === '>' ? r : !r);
    }
    case '//': {
      const a = m.eval(e.lhs, env);
      const b = m.eval(e.rhs, env);
      if (b.t === 'unknown') return b;
      if (b.t !== 'attrs') throw m.typeError(b, 'a set', spanOf(e.rhs));
      // `unknown // { k = v; }` still certainly has k (a flake's `eachDefaultSystem (…) // { nixosConfigurations = …; }`).
      if (a.t === 'unknown') return { t: 'attrs', map: new Map(b.map), open: `${a.label} // …` };
      if (a.t !== 'attrs') throw m.typeError(a, 'a set', spanOf(e.lhs));
      m.alloc(b.map.size, spanOf(e));
      const u = update(a, b);
      return a.open && u !== a ? openAttrs(u.map, a.open) : u;
    }
    case '++': {
      const a = m.eval(e.lhs, env);
      const b = m.eval(e.rhs, env);
      if (a.t === 'unknown') return a;
      if (b.t === 'unknown') return b;
      if (a.t !== 'list') throw m.typeError(a, 'a list', spanOf(e.lhs));
      if (b.t !== 'list') throw m.typeError(b, 'a list', spanOf(e.rhs));
      m.allocList(a.items.length + b.items.length, 'a list made by ++', spanOf(e));
      return list([...a.items, ...b.items]);
    }
    case '+':
      return concatValues(m, m.eval(e.lhs, env), m.eval(e.rhs, env), e);
    case '-':
    case '*':
    case '/':
      return arith(e.op, m.eval(e.lhs, env), m.eval(e.rhs, env), spanOf(e));
    case '|>':
      return m.apply(m.eval(e.rhs, env), m.mk(e.lhs, env), spanOf(e));
    case '<|':
      return m.apply(m.eval(e.lhs, env), m.mk(e.rhs, env), spanOf(e));
  }
}

export function update(a: AttrsV, b: AttrsV): AttrsV {
  if (b.map.size === 0) return a;
  if (a.map.size === 0) return b;
  const m = new Map(a.map);
  for (const [k, v] of b.map) m.set(k, v);
  return attrs(m);
}
