/**
 * Evaluating attribute sets and `let`: one scope for `rec`/`let` bindings,
 * `inherit` from the enclosing scope, `inherit (e)` from one shared thunk,
 * dynamic names (null names nothing; an unknown name leaves the attribute
 * out, with a note). Every attribute keeps its key and binding spans.
 */
import type { BindNode, BindSet } from './bindings.js';
import { Env } from './env.js';
import { EvalError } from './errors.js';
import type { Machine } from './machine.js';
import { attrs, Thunk, type Attr, type AttrsV } from './value.js';
import { spanOf } from '../syntax/positions.js';

/** A `rec { }` or `let`: one scope holding every static binding. */
// Loops here and in the module system are indexed, and Maps walked with
// forEach: most of a run is interpreted, where `for … of` allocates an
// iterator and a result object per element (a fifth of a cold NixOS host's
// allocation; bench/README.md, "NixOS evaluation, third round").

export function recScope(m: Machine, set: BindSet, outer: Env): { env: Env; vars: Map<string, Thunk> } {
  const vars = new Map<string, Thunk>();
  const env = Env.scope(vars, outer);
  const froms = fromThunks(m, set, env);
  set.entries.forEach((node, name) => vars.set(name, bindThunk(m, name, node, env, outer, froms)));
  return { env, vars };
}

/** One shared thunk per `inherit (e)`. */
function fromThunks(m: Machine, set: BindSet, env: Env): Thunk[] {
  const n = set.froms.length;
  if (n === 0) return NO_FROMS;
  const out = new Array<Thunk>(n);
  for (let i = 0; i < n; i++) out[i] = m.mk(set.froms[i]!, env);
  return out;
}

const NO_FROMS: Thunk[] = [];

export function evalBindSet(m: Machine, set: BindSet, env: Env): AttrsV {
  const map = new Map<string, Attr>();
  let valueEnv = env;
  if (set.rec) {
    const scope = recScope(m, set, env);
    valueEnv = scope.env;
    set.entries.forEach((node, name) => map.set(name, { v: scope.vars.get(name)!, key: node.key, bind: node.bind }));
  } else {
    const froms = fromThunks(m, set, env);
    set.entries.forEach((node, name) => map.set(name, { v: bindThunk(m, name, node, env, env, froms), key: node.key, bind: node.bind }));
  }
  for (let i = 0; i < set.dynamic.length; i++) {
    const d = set.dynamic[i]!;
    const name = m.attrNameOrNull(d.name, valueEnv);
    if (name === null) continue;
    if (typeof name !== 'string') {
      m.note(`attribute name is unknown (${name.label}): the attribute is left out`, spanOf(d.name));
      continue;
    }
    if (map.has(name)) throw new EvalError(`dynamic attribute '${name}' already defined`, spanOf(d.name), 'other');
    map.set(name, { v: bindThunk(m, name, d.value, valueEnv, valueEnv, []), key: spanOf(d.name), bind: d.bind });
  }
  return attrs(map);
}

function bindThunk(m: Machine, name: string, node: BindNode, env: Env, outer: Env, froms: Thunk[]): Thunk {
  if (node.kind === 'set') return Thunk.lazy(() => evalBindSet(m, node, env));
  if (node.from !== undefined) {
    const from = froms[node.from]!;
    return Thunk.lazy(() => {
      const v = m.force(from);
      if (v.t === 'unknown') return m.selectUnknown(v, name, node.key);
      if (v.t !== 'attrs') throw m.typeError(v, 'a set', node.key);
      const a = v.map.get(name);
      if (!a) {
        if (v.open) return m.openMissing(v.open, name, node.key);
        throw new EvalError(`attribute '${name}' missing`, node.key, 'missing');
      }
      return m.force(a.v);
    });
  }
  if (node.inherited) {
    const t = outer.lookupStatic(name);
    if (t) return t;
    return Thunk.lazy(() => m.lookup(name, outer, node.key));
  }
  return m.mk(node.expr!, env);
}
