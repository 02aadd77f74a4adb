/**
 * Definitions and their properties, as nixpkgs' lib/modules.nix handles them:
 * `mkIf`/`mkMerge`/`mkOverride`/`mkOrder` are pushed down through sets
 * (so which attributes a module defines is known without evaluating any
 * condition — what keeps `config` a usable fixpoint), then discharged at an
 * option: conditions evaluated, only the strongest priority kept, definitions
 * sorted by order.
 */
import type { Span } from '../../../model/span.js';
import type { Machine } from '../eval/machine.js';
import type { Thunk, Value } from '../eval/value.js';
import { spanOf } from '../syntax/positions.js';

export interface Def {
  v: Thunk;
  /** The module file (as spans show it). */
  file: string;
  /** `mkIf` conditions met on the way down, outermost first. */
  conds: Thunk[];
  /** The outermost `mkOverride` priority (lower wins; plain definitions are 100). */
  prio?: number;
  /** The outermost `mkOrder` priority (lower comes first; plain definitions are 1000). */
  order?: number;
  /** The attribute name and the binding this definition was found in. */
  key?: Span;
  bind?: Span;
  /** The option's declared default, not a definition anyone wrote. */
  fromDefault?: boolean;
}

/**
 * A definition with every field present, always in this order: definitions
 * are read all through the merge, and one object shape keeps those reads
 * monomorphic (optional fields added one by one made a shape per combination).
 */
export function newDef(v: Thunk, file: string, conds: Thunk[], key: Span | undefined, bind: Span | undefined, prio?: number, order?: number, fromDefault?: true): Def {
  return { v, file, conds, prio, order, key, bind, fromDefault };
}

export const DEFAULT_PRIO = 100;
export const OPTION_DEFAULT_PRIO = 1500;
const DEFAULT_ORDER = 1000;

function marker(m: Machine, v: Value): string | undefined {
  if (v.t !== 'attrs') return undefined;
  const t = v.map.get('_type');
  if (!t) return undefined;
  const s = m.force(t.v);
  return s.t === 'string' ? s.s : undefined;
}

function intField(m: Machine, v: Value, name: string): number | undefined {
  if (v.t !== 'attrs') return undefined;
  const a = v.map.get(name);
  const x = a ? m.force(a.v) : undefined;
  return x?.t === 'int' ? Number(x.v) : undefined;
}

/** Strips property wrappers, splitting `mkMerge`s; returns plain definitions. */
export function pushDown(m: Machine, def: Def, out: Def[] = []): Def[] {
  const v = m.force(def.v);
  const kind = marker(m, v);
  if (v.t !== 'attrs' || kind === undefined) {
    out.push(def);
    return out;
  }
  m.enter(def.bind ?? def.key);
  try {
    switch (kind) {
      case 'if': {
        const cond = v.map.get('condition');
        const content = v.map.get('content');
        if (cond && content) pushDown(m, { ...def, v: content.v, conds: def.conds.concat(cond.v) }, out);
        else out.push(def);
        break;
      }
      case 'merge': {
        const contents = v.map.get('contents');
        const list = contents ? m.force(contents.v) : undefined;
        if (list?.t === 'list') for (let i = 0; i < list.items.length; i++) pushDown(m, { ...def, v: list.items[i]! }, out);
        else if (list?.t === 'unknown') out.push({ ...def, v: contents!.v });
        else out.push(def);
        break;
      }
      case 'override':
      case 'order': {
        const content = v.map.get('content');
        const p = intField(m, v, 'priority');
        if (!content) {
          out.push(def);
          break;
        }
        const next: Def = { ...def, v: content.v };
        if (kind === 'override') next.prio = def.prio ?? p;
        else next.order = def.order ?? p;
        pushDown(m, next, out);
        break;
      }
      default:
        out.push(def);
    }
  } finally {
    m.leave();
  }
  return out;
}

export interface Discharged {
  defs: Def[];
  /** Definitions dropped because a condition is unknown. */
  unsure: Array<{ def: Def; label: string; at?: Span }>;
}

const condCache = new WeakMap<Thunk, Value>();

/** A discharged definition's conditions, and the unsure list of most discharges: one shared empty array, never written. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** The conditions of a definition that has none: one shared, frozen list (lists of conditions are never written to). */
export const NO_CONDITIONS: Thunk[] = NONE;

/** Keeps the definitions whose conditions all hold; a condition that fails to evaluate drops its definition via `onError`. */
export function discharge(m: Machine, defs: readonly Def[], onError?: (d: Def, e: unknown) => void): Discharged {
  // Exact size for the common case (every definition kept), trimmed after; `unsure` made on its first entry.
  const kept = new Array<Def>(defs.length);
  let n = 0;
  let unsure: Discharged['unsure'] = NONE;
  next: for (let i = 0; i < defs.length; i++) {
    const d = defs[i]!;
    for (let j = 0; j < d.conds.length; j++) {
      const c = d.conds[j]!;
      let v = condCache.get(c);
      if (!v) {
        try {
          v = m.force(c);
        } catch (e) {
          if (!onError) throw e;
          onError(d, e);
          continue next;
        }
        condCache.set(c, v);
      }
      if (v.t === 'unknown') {
        if (unsure === NONE) unsure = [];
        unsure.push({ def: d, label: v.label, ...(c.expr ? { at: spanOf(c.expr) } : {}) });
        continue next;
      }
      if (v.t !== 'bool') throw m.typeError(v, 'a Boolean', (c.expr ? spanOf(c.expr) : undefined) ?? d.bind);
      if (!v.v) continue next;
    }
    kept[n++] = d.conds.length ? { ...d, conds: NONE } : d;
  }
  if (n < kept.length) kept.length = n;
  return { defs: kept, unsure };
}

/** Only the definitions with the strongest (lowest) priority count. */
export function filterOverrides(defs: readonly Def[]): Def[] {
  if (defs.length < 2) return defs as Def[];
  const first = defs[0]!.prio ?? DEFAULT_PRIO;
  let best = first;
  let mixed = false;
  for (let i = 1; i < defs.length; i++) {
    const p = defs[i]!.prio ?? DEFAULT_PRIO;
    if (p !== first) mixed = true;
    if (p < best) best = p;
  }
  // All of one priority (the common case): every definition counts, the array as it is.
  return mixed ? defs.filter((d) => (d.prio ?? DEFAULT_PRIO) === best) : (defs as Def[]);
}

export function sortByOrder(defs: readonly Def[]): Def[] {
  if (defs.length < 2) return defs as Def[];
  return defs.slice().sort((a, b) => (a.order ?? DEFAULT_ORDER) - (b.order ?? DEFAULT_ORDER));
}
