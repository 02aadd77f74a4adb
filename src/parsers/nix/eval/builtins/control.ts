/** Errors, strictness and introspection: throw/abort, seq/deepSeq, tryEval, typeOf, is*, functionArgs, arithmetic. */
import type { Span } from '../../../../model/span.js';
import { EvalError } from '../errors.js';
import type { Machine } from '../machine.js';
import { arith } from '../ops.js';
import { attrs, bool, int, nixTypeOf, str, Thunk, type Attr, type Value } from '../value.js';
import { coerceString, known, needInt, needNumber, primop, type Impl } from './util.js';
import { spanOf } from '../../syntax/positions.js';

const throwImpl: Impl = (m, [s], site) => {
  throw new EvalError(coerceString(m, s!, site.span).s, site.span, 'throw');
};

const abort: Impl = (m, [s], site) => {
  throw new EvalError(`evaluation aborted with the following error message: '${coerceString(m, s!, site.span).s}'`, site.span, 'abort');
};

const seq: Impl = (m, [a, b]) => {
  m.force(a!);
  return m.force(b!);
};

/** Forces everything reachable (sets and lists once each). */
export function deepForce(m: Machine, v: Value, at: Span, seen = new Set<object>()): void {
  if ((v.t !== 'list' && v.t !== 'attrs') || seen.has(v)) return;
  seen.add(v);
  m.enter(at);
  try {
    if (v.t === 'list') for (const t of v.items) deepForce(m, m.force(t), at, seen);
    else for (const a of v.map.values()) deepForce(m, m.force(a.v), at, seen);
  } finally {
    m.leave();
  }
}

const deepSeq: Impl = (m, [a, b], site) => {
  deepForce(m, m.force(a!), site.span);
  return m.force(b!);
};

const tryEval: Impl = (m, [x]) => {
  let success = true;
  let value: Value = bool(false);
  try {
    value = m.force(x!);
  } catch (e) {
    if (!(e instanceof EvalError) || !e.catchable) throw e;
    success = false;
  }
  const map = new Map<string, Attr>();
  map.set('success', { v: Thunk.of(bool(success)) });
  map.set('value', { v: Thunk.of(value) });
  return attrs(map);
};

/** `trace`: the message goes nowhere (the analyzer prints findings, not traces). */
const trace: Impl = (m, [msg, x]) => {
  m.force(msg!);
  return m.force(x!);
};

const addErrorContext: Impl = (m, [, x]) => m.force(x!);

const typeOf: Impl = (m, [x]) => str(nixTypeOf(known(m, x!)));

const is =
  (...types: Value['t'][]): Impl =>
  (m, [x]) =>
    bool(types.includes(known(m, x!).t));

const isFunction: Impl = (m, [x]) => {
  const v = known(m, x!);
  return bool(v.t === 'lambda' || v.t === 'primop');
};

const functionArgs: Impl = (m, [f], site) => {
  const v = known(m, f!);
  const map = new Map<string, Attr>();
  if (v.t === 'lambda') {
    for (const formal of v.node.formals?.entries ?? []) map.set(formal.name.name, { v: Thunk.of(bool(formal.default !== null)), key: spanOf(formal.name) });
  } else if (v.t !== 'primop') throw m.typeError(v, 'a function', site.span);
  return attrs(map);
};

const binary =
  (op: '+' | '-' | '*' | '/'): Impl =>
  (m, [a, b], site) =>
    arith(op, needNumber(m, a!, site.span), needNumber(m, b!, site.span), site.span);

const bits =
  (f: (a: bigint, b: bigint) => bigint): Impl =>
  (m, [a, b], site) =>
    int(f(needInt(m, a!, site.span).v, needInt(m, b!, site.span).v));

const rounding =
  (f: (x: number) => number): Impl =>
  (m, [a], site) => {
    const v = needNumber(m, a!, site.span);
    return v.t === 'int' ? v : int(BigInt(f(v.v)));
  };

export function controlBuiltins(m: Machine): Record<string, Value> {
  return {
    throw: primop(m, 'throw', 1, throwImpl),
    abort: primop(m, 'abort', 1, abort),
    seq: primop(m, 'seq', 2, seq),
    deepSeq: primop(m, 'deepSeq', 2, deepSeq),
    tryEval: primop(m, 'tryEval', 1, tryEval),
    trace: primop(m, 'trace', 2, trace),
    addErrorContext: primop(m, 'addErrorContext', 2, addErrorContext),
    typeOf: primop(m, 'typeOf', 1, typeOf),
    isAttrs: primop(m, 'isAttrs', 1, is('attrs')),
    isList: primop(m, 'isList', 1, is('list')),
    isString: primop(m, 'isString', 1, is('string')),
    isInt: primop(m, 'isInt', 1, is('int')),
    isFloat: primop(m, 'isFloat', 1, is('float')),
    isBool: primop(m, 'isBool', 1, is('bool')),
    isNull: primop(m, 'isNull', 1, is('null')),
    isPath: primop(m, 'isPath', 1, is('path')),
    isFunction: primop(m, 'isFunction', 1, isFunction),
    functionArgs: primop(m, 'functionArgs', 1, functionArgs),
    add: primop(m, 'add', 2, binary('+')),
    sub: primop(m, 'sub', 2, binary('-')),
    mul: primop(m, 'mul', 2, binary('*')),
    div: primop(m, 'div', 2, binary('/')),
    bitAnd: primop(m, 'bitAnd', 2, bits((a, b) => a & b)),
    bitOr: primop(m, 'bitOr', 2, bits((a, b) => a | b)),
    bitXor: primop(m, 'bitXor', 2, bits((a, b) => a ^ b)),
    ceil: primop(m, 'ceil', 1, rounding(Math.ceil)),
    floor: primop(m, 'floor', 1, rounding(Math.floor)),
  };
}
