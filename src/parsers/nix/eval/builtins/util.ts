/**
 * Helpers for writing built-ins: typed argument forcing (an unknown argument
 * makes the whole call unknown) and the primop constructor.
 */
import type { Span } from '../../../../model/span.js';
import { coerceToString, type CoerceMode } from '../coerce.js';
import { EvalError } from '../errors.js';
import { UnknownArgument, type Machine } from '../machine.js';
import {
  Thunk,
  type AttrsV,
  type CallSite,
  type FloatV,
  type IntV,
  type LambdaV,
  type ListV,
  type PrimOpV,
  type StrV,
  type Value,
} from '../value.js';

export type Impl = (m: Machine, args: Thunk[], site: CallSite) => Value;

export function primop(m: Machine, name: string, arity: number, impl: Impl): PrimOpV {
  return { t: 'primop', name, arity, fn: (args, site) => impl(m, args, site), args: [] };
}

/** Forces a value; an unknown aborts the built-in with that unknown as its result. */
export function known(m: Machine, t: Thunk): Exclude<Value, { t: 'unknown' }> {
  const v = m.force(t);
  if (v.t === 'unknown') throw new UnknownArgument(v);
  return v;
}

function expect(m: Machine, v: Value, what: string, at: Span): never {
  throw m.typeError(v, what, at);
}

export function needInt(m: Machine, t: Thunk, at: Span): IntV {
  const v = known(m, t);
  return v.t === 'int' ? v : expect(m, v, 'an integer', at);
}

export function needNumber(m: Machine, t: Thunk, at: Span): IntV | FloatV {
  const v = known(m, t);
  return v.t === 'int' || v.t === 'float' ? v : expect(m, v, 'a float', at);
}

export function needBool(m: Machine, t: Thunk, at: Span): boolean {
  const v = known(m, t);
  return v.t === 'bool' ? v.v : expect(m, v, 'a Boolean', at);
}

export function needString(m: Machine, t: Thunk, at: Span): StrV {
  const v = known(m, t);
  return v.t === 'string' ? v : expect(m, v, 'a string', at);
}

/** A string argument that may also be a path or a package (Nix's coerceToString). */
export function coerceString(m: Machine, t: Thunk, at: Span, mode: CoerceMode = 'interp'): StrV {
  const s = coerceToString(m, m.force(t), mode, at);
  if (s.t === 'unknown') throw new UnknownArgument(s);
  return s;
}

export function needList(m: Machine, t: Thunk, at: Span): ListV {
  const v = known(m, t);
  return v.t === 'list' ? v : expect(m, v, 'a list', at);
}

export function needAttrs(m: Machine, t: Thunk, at: Span): AttrsV {
  const v = known(m, t);
  return v.t === 'attrs' ? v : expect(m, v, 'a set', at);
}

export function needFunction(m: Machine, t: Thunk, at: Span): LambdaV | PrimOpV | AttrsV {
  const v = known(m, t);
  if (v.t === 'lambda' || v.t === 'primop') return v;
  if (v.t === 'attrs' && v.map.has('__functor')) return v;
  return expect(m, v, 'a function', at);
}

export function getAttrOrThrow(a: AttrsV, name: string, at: Span): Thunk {
  const found = a.map.get(name);
  if (!found) throw new EvalError(`attribute '${name}' missing`, at, 'missing');
  return found.v;
}

export { Thunk };
