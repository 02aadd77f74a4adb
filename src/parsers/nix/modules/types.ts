/**
 * Option types, read from the `types.*` sets of our lib (`{ _type =
 * "option-type"; name = …; }`). Only what decides merging matters: whether
 * definitions concatenate (lists, lines), merge per attribute (attrsOf,
 * submodule), or must agree (everything else). An unknown type merges by the
 * shape of the values, like `types.anything`.
 */
import type { Machine } from '../eval/machine.js';
import type { AttrsV, Thunk, Value } from '../eval/value.js';

export type OptType =
  | { kind: 'attrsOf'; elem: OptType }
  | { kind: 'listOf'; elem: OptType }
  | { kind: 'submodule'; modules: Thunk[]; specialArgs?: Thunk }
  | { kind: 'nullOr'; elem: OptType }
  | { kind: 'join'; sep: string }
  /** `types.attrs`: a shallow `//` of the definitions. */
  | { kind: 'attrs' }
  /** systemd's unitOption: a list if any definition is one, else one value. */
  | { kind: 'unitOption' }
  | { kind: 'leaf'; name: string }
  | { kind: 'anything' }
  /** A module to be evaluated elsewhere (flake-parts' `flake.nixosModules.NAME`): definitions pool as `imports`. */
  | { kind: 'deferred' };

export const ANYTHING: OptType = { kind: 'anything' };

const cache = new WeakMap<AttrsV, OptType>();

export function readType(m: Machine, t: Thunk | undefined): OptType {
  if (!t) return ANYTHING;
  const v = m.force(t);
  return typeOfValue(m, v);
}

function typeOfValue(m: Machine, v: Value): OptType {
  if (v.t !== 'attrs') return ANYTHING;
  const cached = cache.get(v);
  if (cached) return cached;
  const type = compute(m, v);
  cache.set(v, type);
  return type;
}

function field(m: Machine, v: AttrsV, name: string): Value | undefined {
  const a = v.map.get(name);
  return a ? m.force(a.v) : undefined;
}

function compute(m: Machine, v: AttrsV): OptType {
  const marker = field(m, v, '_type');
  if (marker?.t !== 'string' || marker.s !== 'option-type') return ANYTHING;
  const name = field(m, v, 'name');
  if (name?.t !== 'string') return ANYTHING;
  const elem = (): OptType => readType(m, v.map.get('elemType')?.v);
  switch (name.s) {
    case 'attrsOf':
    case 'lazyAttrsOf':
      return { kind: 'attrsOf', elem: elem() };
    case 'listOf':
    case 'nonEmptyListOf':
      return { kind: 'listOf', elem: elem() };
    case 'nullOr':
      return { kind: 'nullOr', elem: elem() };
    case 'submodule': {
      const mods = field(m, v, 'modules');
      const out: OptType = { kind: 'submodule', modules: mods?.t === 'list' ? mods.items : [] };
      const special = v.map.get('specialArgs');
      if (special) out.specialArgs = special.v;
      return out;
    }
    case 'lines':
      return { kind: 'join', sep: '\n' };
    case 'commas':
      return { kind: 'join', sep: ',' };
    case 'envVar':
      return { kind: 'join', sep: ':' };
    case 'separatedString': {
      const sep = field(m, v, 'sep');
      return { kind: 'join', sep: sep?.t === 'string' ? sep.s : '' };
    }
    case 'attrs':
      return { kind: 'attrs' };
    case 'unitOption':
      return { kind: 'unitOption' };
    case 'either':
    case 'oneOf':
    case 'coercedTo':
    case 'anything':
    case 'unspecified':
      return ANYTHING;
    case 'deferredModule':
      return { kind: 'deferred' };
    case 'raw':
      // Never merged into: one value, taken as it is (a nixosSystem result, a function).
      return { kind: 'leaf', name: 'raw' };
    default:
      return { kind: 'leaf', name: name.s };
  }
}
