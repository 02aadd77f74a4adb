/**
 * The `builtins` set and the global scope of Nix 2.8: every built-in as
 * `builtins.X` and `__X`, and the handful that are also plain globals.
 */
import { parse as parseToml } from 'smol-toml';
import { EvalError } from '../errors.js';
import type { Globals, Machine } from '../machine.js';
import { eqValues } from '../ops.js';
import { attrs, bool, FALSE, float, int, list, NULL, str, Thunk, TRUE, type Attr, type Value } from '../value.js';
import { attrsetBuiltins } from './attrsets.js';
import { controlBuiltins } from './control.js';
import { fileBuiltins, type FileHooks } from './files.js';
import { jsonBuiltins } from './json.js';
import { listBuiltins } from './lists.js';
import { stringBuiltins } from './strings.js';
import { needAttrs, needList, needString, primop, type Impl } from './util.js';

const GLOBAL = [
  'abort', 'baseNameOf', 'derivation', 'derivationStrict', 'dirOf', 'fetchGit', 'fetchMercurial', 'fetchTarball',
  'fetchTree', 'fromTOML', 'import', 'isNull', 'map', 'placeholder', 'removeAttrs', 'throw', 'toString',
];

/** `genericClosure { startSet; operator; }`: breadth-first, deduplicated by each item's `key`. */
const genericClosure: Impl = (m, [a], site) => {
  const args = needAttrs(m, a!, site.span);
  const start = args.map.get('startSet');
  const op = args.map.get('operator');
  if (!start || !op) throw new EvalError("genericClosure needs 'startSet' and 'operator'", site.span, 'missing');
  const fn = m.force(op.v);
  const queue = [...needList(m, start.v, site.span).items];
  const keys: Value[] = [];
  const out: Thunk[] = [];
  while (queue.length) {
    const t = queue.shift()!;
    const item = needAttrs(m, t, site.span);
    const k = item.map.get('key');
    if (!k) throw new EvalError("attribute 'key' required", site.span, 'missing');
    const key = m.force(k.v);
    if (keys.some((seen) => eqValues(m, seen, key, site.span, false) === true)) continue;
    keys.push(key);
    out.push(t);
    const next = m.call(fn, [t], site.span);
    if (next.t !== 'list') throw m.typeError(next, 'a list', site.span);
    queue.push(...next.items);
  }
  return list(out);
};

function tomlValue(x: unknown): Value {
  if (typeof x === 'bigint') return int(x);
  if (typeof x === 'number') return float(x);
  if (typeof x === 'string') return str(x);
  if (typeof x === 'boolean') return x ? TRUE : FALSE;
  if (Array.isArray(x)) return list(x.map((e) => Thunk.of(tomlValue(e))));
  if (x instanceof Date) return str(x.toISOString());
  if (x && typeof x === 'object') {
    const map = new Map<string, Attr>();
    for (const [k, v] of Object.entries(x)) map.set(k, { v: Thunk.of(tomlValue(v)) });
    return attrs(map);
  }
  return NULL;
}

const fromTOML: Impl = (m, [s], site) => {
  try {
    return tomlValue(parseToml(needString(m, s!, site.span).s, { integersAsBigInt: true }));
  } catch (e) {
    if (e instanceof EvalError) throw e;
    throw new EvalError(`while parsing TOML: ${e instanceof Error ? e.message : String(e)}`, site.span, 'other');
  }
};

export function makeGlobals(m: Machine, hooks: FileHooks = {}): Globals {
  const all: Record<string, Value> = {
    ...attrsetBuiltins(m),
    ...listBuiltins(m),
    ...stringBuiltins(m),
    ...jsonBuiltins(m),
    ...controlBuiltins(m),
    ...fileBuiltins(m, hooks),
    genericClosure: primop(m, 'genericClosure', 1, genericClosure),
    fromTOML: primop(m, 'fromTOML', 1, fromTOML),
    true: bool(true),
    false: bool(false),
    null: NULL,
  };
  const map = new Map<string, Attr>();
  for (const [k, v] of Object.entries(all)) map.set(k, { v: Thunk.of(v) });
  const builtins = attrs(map);
  map.set('builtins', { v: Thunk.of(builtins) });
  const scope = new Map<string, Thunk>();
  for (const [k, a] of map) {
    if (k === 'true' || k === 'false' || k === 'null' || k === 'builtins') scope.set(k, a.v);
    else scope.set(`__${k}`, a.v);
  }
  for (const k of GLOBAL) scope.set(k, map.get(k)!.v);
  return { builtins, scope };
}
