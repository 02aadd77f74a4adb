/**
 * Coercion to strings: `"${x}"` (strings, paths, sets with `__toString` or
 * `outPath`, packages) and `toString x` (also numbers, Booleans, null and
 * lists). Interpolated, a path becomes the store path it is copied to
 * (`/nix/store/<hash>-x.py`, as on the host, so a checkout path with a space
 * does not split a command line; the machine remembers which file it is);
 * `toString ./x` is the path itself, as in Nix. A package (`pkgs.X`) becomes an
 * opaque store path whose context remembers `pkgs.X`.
 */
import { createHash } from 'node:crypto';
import type { Span } from '../../../model/span.js';
import { EvalError } from './errors.js';
import type { Machine } from './machine.js';
import { formatFloatFixed } from './numbers.js';
import { StrBuilder } from './strings.js';
import { str, Thunk, typeName, type StrV, type UnknownV, type Value } from './value.js';

export type CoerceMode = 'interp' | 'toString';

export function coerceToString(m: Machine, v: Value, mode: CoerceMode, at: Span | undefined): StrV | UnknownV {
  switch (v.t) {
    case 'string':
      return v;
    case 'path':
      return str(mode === 'interp' ? m.storePathOf(v.p) : v.p);
    case 'unknown':
      if (!v.store) return v;
      if (v.args) m.packages.set(storePathOf(v).s, v);
      return storePathOf(v);
    case 'attrs': {
      const ts = v.map.get('__toString');
      if (ts) {
        const r = m.apply(m.force(ts.v), Thunk.of(v), at ?? spanless);
        return coerceToString(m, r, mode, at);
      }
      const out = v.map.get('outPath');
      if (out) return coerceToString(m, m.force(out.v), mode, at);
      break;
    }
    case 'int':
      if (mode === 'toString') return str(v.v.toString());
      break;
    case 'float':
      if (mode === 'toString') return str(formatFloatFixed(v.v));
      break;
    case 'bool':
      if (mode === 'toString') return str(v.v ? '1' : '');
      break;
    case 'null':
      if (mode === 'toString') return str('');
      break;
    case 'list':
      if (mode === 'toString') {
        const b = new StrBuilder();
        for (let i = 0; i < v.items.length; i++) {
          const item = m.force(v.items[i]!);
          const s = coerceToString(m, item, mode, at);
          if (s.t === 'unknown') return s;
          b.addString(s, undefined, true);
          if (i < v.items.length - 1 && !(item.t === 'list' && item.items.length === 0)) b.addString(str(' '), undefined, false);
        }
        return b.build();
      }
      break;
    default:
      break;
  }
  throw new EvalError(`cannot coerce ${typeName(v)} to a string`, at, 'type');
}

const spanless: Span = { file: '<deploy-lint>', line: 1, column: 1, endLine: 1, endColumn: 1 };

const NIX32 = '0123456789abcdfghijklmnpqrsvwxyz';

/** A stable fake store hash for a label (32 characters of Nix's base-32 alphabet). */
export function fakeStoreHash(label: string): string {
  const digest = createHash('sha256').update(label).digest();
  let out = '';
  for (let i = 0; i < 32; i++) out += NIX32[digest[i]! & 31];
  return out;
}

const storePaths = new Map<string, StrV>();

/** `/nix/store/<hash>-<name>` for a package, with the package as context (one value per package). */
export function storePathOf(u: UnknownV): StrV {
  let v = storePaths.get(u.label);
  if (!v) {
    v = str(`/nix/store/${fakeStoreHash(u.label)}-${storeName(u.label)}`, new Set([u.label]));
    storePaths.set(u.label, v);
  }
  return v;
}

function storeName(label: string): string {
  const quoted = /"([^"]+)"/.exec(label);
  if (quoted) return quoted[1]!.replace(/[^A-Za-z0-9+\-._?=]/g, '-');
  const parts = label.split('.');
  return (parts[parts.length - 1] ?? label).replace(/[^A-Za-z0-9+\-._?=]/g, '-') || 'unknown';
}
