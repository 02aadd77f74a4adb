/** List built-ins. `map` stays lazy per element, as in Nix; folds and filters are strict. */
import { EvalError } from '../errors.js';
import type { Machine } from '../machine.js';
import { eqValues, lessThan } from '../ops.js';
import { attrs, bool, int, list, Thunk, type Attr, type Value } from '../value.js';
import { needFunction, needInt, needList, primop, type Impl } from './util.js';

const map: Impl = (m, [f, l], site) => {
  const items = needList(m, l!, site.span).items;
  const fn = needFunction(m, f!, site.span);
  m.alloc(items.length, site.span);
  return list(items.map((t) => Thunk.lazy(() => m.apply(fn, t, site.span))));
};

const filter: Impl = (m, [f, l], site) => {
  const items = needList(m, l!, site.span).items;
  const fn = needFunction(m, f!, site.span);
  const out: Thunk[] = [];
  for (const t of items) {
    const keep = m.apply(fn, t, site.span);
    if (keep.t === 'unknown') return keep;
    if (keep.t !== 'bool') throw m.typeError(keep, 'a Boolean', site.span);
    if (keep.v) out.push(t);
  }
  return out.length === items.length ? m.force(l!) : list(out);
};

const foldl: Impl = (m, [f, z, l], site) => {
  const fn = needFunction(m, f!, site.span);
  let acc = z!;
  for (const t of needList(m, l!, site.span).items) {
    const v = m.call(fn, [acc, t], site.span);
    acc = Thunk.of(v);
  }
  return m.force(acc);
};

const length: Impl = (m, [l], site) => int(BigInt(needList(m, l!, site.span).items.length));

const head: Impl = (m, [l], site) => {
  const items = needList(m, l!, site.span).items;
  if (items.length === 0) throw new EvalError("'builtins.head' called on an empty list", site.span, 'other');
  return m.force(items[0]!);
};

const tail: Impl = (m, [l], site) => {
  const items = needList(m, l!, site.span).items;
  if (items.length === 0) throw new EvalError("'tail' called on an empty list", site.span, 'other');
  return list(items.slice(1));
};

const elemAt: Impl = (m, [l, n], site) => {
  const items = needList(m, l!, site.span).items;
  const i = needInt(m, n!, site.span).v;
  if (i < 0n || i >= BigInt(items.length)) throw new EvalError(`list index ${i} is out of bounds`, site.span, 'other');
  return m.force(items[Number(i)]!);
};

const elem: Impl = (m, [x, l], site) => {
  const v = m.force(x!);
  let open: Value | undefined;
  for (const t of needList(m, l!, site.span).items) {
    const r = eqValues(m, v, m.force(t), site.span, false);
    if (r === true) return bool(true);
    if (r !== false) open ??= r;
  }
  return open ?? bool(false);
};

const concatLists: Impl = (m, [l], site) => {
  const out: Thunk[] = [];
  for (const t of needList(m, l!, site.span).items) {
    const more = needList(m, t, site.span).items;
    m.allocList(out.length + more.length, 'a concatenated list', site.span);
    out.push(...more);
  }
  return list(out);
};

const concatMap: Impl = (m, [f, l], site) => {
  const fn = needFunction(m, f!, site.span);
  const out: Thunk[] = [];
  for (const t of needList(m, l!, site.span).items) {
    const r = m.apply(fn, t, site.span);
    if (r.t === 'unknown') return r;
    if (r.t !== 'list') throw m.typeError(r, 'a list', site.span);
    out.push(...r.items);
  }
  return list(out);
};

const genList: Impl = (m, [f, n], site) => {
  const count = needInt(m, n!, site.span).v;
  if (count < 0n) throw new EvalError(`cannot create list of size ${count}`, site.span, 'other');
  m.allocList(Number(count > 100_000_000n ? 100_000_000n : count), 'genList', site.span);
  const fn = m.force(f!);
  const out: Thunk[] = [];
  for (let i = 0; i < Number(count); i++) {
    const idx = Thunk.of(int(BigInt(i)));
    out.push(Thunk.lazy(() => m.apply(fn, idx, site.span)));
  }
  return list(out);
};

const anyAll =
  (want: boolean): Impl =>
  (m, [f, l], site) => {
    const fn = needFunction(m, f!, site.span);
    let open: Value | undefined;
    for (const t of needList(m, l!, site.span).items) {
      const r = m.apply(fn, t, site.span);
      if (r.t === 'unknown') {
        open ??= r;
        continue;
      }
      if (r.t !== 'bool') throw m.typeError(r, 'a Boolean', site.span);
      if (r.v === want) return bool(want);
    }
    return open ?? bool(!want);
  };

const sort: Impl = (m, [f, l], site) => {
  const fn = needFunction(m, f!, site.span);
  const items = [...needList(m, l!, site.span).items];
  // Nix (2.8) uses std::stable_sort with the comparator as "less than".
  items.sort((a, b) => {
    const ab = m.call(fn, [a, b], site.span);
    if (ab.t !== 'bool') throw m.typeError(ab, 'a Boolean', site.span);
    if (ab.v) return -1;
    const ba = m.call(fn, [b, a], site.span);
    if (ba.t !== 'bool') throw m.typeError(ba, 'a Boolean', site.span);
    return ba.v ? 1 : 0;
  });
  return list(items);
};

const partition: Impl = (m, [f, l], site) => {
  const fn = needFunction(m, f!, site.span);
  const right: Thunk[] = [];
  const wrong: Thunk[] = [];
  for (const t of needList(m, l!, site.span).items) {
    const r = m.apply(fn, t, site.span);
    if (r.t === 'unknown') return r;
    if (r.t !== 'bool') throw m.typeError(r, 'a Boolean', site.span);
    (r.v ? right : wrong).push(t);
  }
  const out = new Map<string, Attr>();
  out.set('right', { v: Thunk.of(list(right)) });
  out.set('wrong', { v: Thunk.of(list(wrong)) });
  return attrs(out);
};

/** `builtins.lessThan`. */
const lessThanImpl: Impl = (m, [a, b], site) => {
  const r = lessThan(m, m.force(a!), m.force(b!), site.span);
  return typeof r === 'boolean' ? bool(r) : r;
};

export function listBuiltins(m: Machine): Record<string, Value> {
  return {
    map: primop(m, 'map', 2, map),
    filter: primop(m, 'filter', 2, filter),
    "foldl'": primop(m, "foldl'", 3, foldl),
    length: primop(m, 'length', 1, length),
    head: primop(m, 'head', 1, head),
    tail: primop(m, 'tail', 1, tail),
    elemAt: primop(m, 'elemAt', 2, elemAt),
    elem: primop(m, 'elem', 2, elem),
    concatLists: primop(m, 'concatLists', 1, concatLists),
    concatMap: primop(m, 'concatMap', 2, concatMap),
    genList: primop(m, 'genList', 2, genList),
    any: primop(m, 'any', 2, anyAll(true)),
    all: primop(m, 'all', 2, anyAll(false)),
    sort: primop(m, 'sort', 2, sort),
    partition: primop(m, 'partition', 2, partition),
    lessThan: primop(m, 'lessThan', 2, lessThanImpl),
  };
}
