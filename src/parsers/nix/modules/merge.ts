/**
 * Merging definitions into `config` values, lazily, per option path.
 *
 * - A namespace (declared or not) is a set of the attribute names every
 *   definition has, found without evaluating any `mkIf` condition.
 * - An option discharges its definitions (conditions, priorities, order) and
 *   merges them by type: lists concatenate, `lines` join, `attrsOf` merges per
 *   name (dropping names whose every definition is switched off), submodules
 *   evaluate as module sets of their own, anything else takes the one value.
 * - Undeclared paths merge by the shape of their values.
 *
 * Each merged value's thunk keeps the definitions that made it (`metaOf`),
 * which is where facts get their spans.
 */
import type { Span } from '../../../model/span.js';
import { BudgetExceeded, EvalError } from '../eval/errors.js';
import type { Machine } from '../eval/machine.js';
import { eqValues } from '../eval/ops.js';
import { isVirtualFile, StrBuilder } from '../eval/strings.js';
import { attrs, list, NULL, openAttrs, Thunk, unknown, type Attr, type AttrsV, type Value } from '../eval/value.js';
import type { DeclTree, OptionDecl } from './decls.js';
import { discharge, filterOverrides, newDef, NO_CONDITIONS, OPTION_DEFAULT_PRIO, pushDown, sortByOrder, type Def } from './defs.js';
import type { OptType } from './types.js';
import { spanOf } from '../syntax/positions.js';

export interface MergeContext {
  m: Machine;
  submodule(type: Extract<OptType, { kind: 'submodule' }>, defs: Def[], path: string[]): Value;
  /** A problem in the configuration itself (conflicting values, a list where a set belongs). */
  warn(message: string, at: Span | undefined): void;
  /** A definition that failed to evaluate (reported once per place; a file over budget once). */
  fail(e: EvalError | BudgetExceeded | RangeError, at: Span | undefined): void;
}

export interface MergeMeta {
  /** The definitions in effect, in merge order. */
  defs: Def[];
  /** Some definition could not be read (unknown value or condition). */
  uncertain: boolean;
}

export function metaOf(t: Thunk): MergeMeta | undefined {
  return t.meta as MergeMeta | undefined;
}

interface Merged {
  value: Value;
  defs: Def[];
  uncertain: boolean;
}

/**
 * `services.web.after`, quoting a name that is not an identifier. Made for
 * every namespace (its `open` label, 7,000 on the bench host): one regular
 * expression for the run (a literal in a callback is a new RegExp per element)
 * and no array of pieces.
 */
export function showPath(path: readonly string[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!;
    if (i > 0) out += '.';
    out += IDENTIFIER.test(p) ? p : JSON.stringify(p);
  }
  return out;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_'-]*$/;

function mergedThunk(ctx: MergeContext, parent: string[], name: string, defs: Def[], decl: DeclTree | undefined): Thunk {
  return lazyMerged(() => mergeValue(ctx, parent.concat(name), defs, decl));
}

/**
 * An option nobody defines is its default, for the types where merging one
 * definition gives that definition back: the default's own thunk is the
 * value (no per-instance work — most of a unit's ~40 options are like this),
 * in one attribute every instance shares (attributes are never changed).
 */
function defaultOnly(decl: DeclTree | undefined): Attr | undefined {
  if (decl?.kind !== 'option' || !decl.decl.default || decl.decl.apply) return undefined;
  const t = decl.decl.type;
  const returnsItsDefinition = t.kind === 'join' || t.kind === 'leaf' || (t.kind === 'listOf' && t.elem.kind !== 'submodule');
  return returnsItsDefinition ? (decl.unset ??= { v: decl.decl.default, key: undefined, bind: undefined }) : undefined;
}

/** A thunk for a merged value that remembers the definitions it came from. */
function lazyMerged(f: () => Merged): Thunk {
  const t: Thunk = Thunk.lazy(() => {
    const r = f();
    t.meta = { defs: r.defs, uncertain: r.uncertain } satisfies MergeMeta;
    return r.value;
  });
  return t;
}

export function mergeValue(ctx: MergeContext, path: string[], defs: Def[], decl: DeclTree | undefined): Merged {
  if (decl?.kind === 'set') return namespace(ctx, path, defs, decl.children);
  if (decl?.kind === 'option') return mergeOption(ctx, path, defs, decl.decl);
  return freeform(ctx, path, defs);
}

/** Plain sets (not markers, not packages): what merges attribute by attribute. */
function isPlainSet(m: Machine, v: Value): boolean {
  if (v.t !== 'attrs') return false;
  if (v.map.has('_type') || v.map.has('outPath') || v.map.has('__toString')) return false;
  const type = v.map.get('type');
  if (type) {
    const t = m.force(type.v);
    if (t.t === 'string' && t.s === 'derivation') return false;
  }
  return true;
}

interface Groups {
  names: Map<string, Def[]>;
  uncertain: boolean;
}

/** The definitions of each attribute, from definitions whose values are sets. */
function group(ctx: MergeContext, path: string[], defs: Def[]): Groups {
  const names = new Map<string, Def[]>();
  let uncertain = false;
  for (let i = 0; i < defs.length; i++) {
    const d = defs[i]!;
    let v: Value;
    try {
      v = ctx.m.force(d.v);
    } catch (e) {
      failed(ctx, d, e);
      continue;
    }
    if (v.t === 'unknown') {
      uncertain = true;
      ctx.m.note(`the definitions of ${showPath(path)} are partly unknown (${v.label})`, d.bind ?? d.key ?? v.at);
      continue;
    }
    if (v.t !== 'attrs' || !isPlainSet(ctx.m, v)) {
      ctx.warn(`${showPath(path)} is defined as ${v.t === 'attrs' ? 'a special set' : v.t} where a set is expected`, d.bind ?? d.key);
      continue;
    }
    // One definition per attribute, charged to the run's allocation budget (src/parsers/nix/eval/budget.ts):
    // the module system's own work is no Nix step, and a module of 46,000 services made 1.3 GB of it.
    ctx.m.alloc(v.map.size, d.bind ?? d.key);
    v.map.forEach((a, k) => {
      const child = newDef(a.v, d.file, d.conds, a.key, a.bind, d.prio, d.order);
      const list = names.get(k);
      if (list) list.push(child);
      else names.set(k, [child]);
    });
  }
  return { names, uncertain };
}

/**
 * One definition failing to evaluate (an error in one module) drops that
 * definition, reported at it, and not the option or the other modules'.
 */
function failed(ctx: MergeContext, d: Def, e: unknown): void {
  if (e instanceof BudgetExceeded && e.file === undefined) throw e;
  if (!(e instanceof EvalError) && !(e instanceof BudgetExceeded) && !(e instanceof RangeError)) throw e;
  ctx.fail(e, d.bind ?? d.key);
}

/**
 * pushDown over definitions, each failing on its own. The result is kept (a
 * merged value's definitions) and returned at its exact size: an array grown
 * by `push` keeps room for 16 more, and copying it while it is young is
 * cheaper than carrying that room through the collector for the whole run.
 */
function pushAll(ctx: MergeContext, defs: readonly Def[], last?: Def): Def[] {
  const out: Def[] = [];
  for (let i = 0; i < defs.length; i++) pushOne(ctx, defs[i]!, out);
  if (last) pushOne(ctx, last, out);
  return out.slice();
}

function pushOne(ctx: MergeContext, d: Def, out: Def[]): void {
  try {
    pushDown(ctx.m, d, out);
  } catch (e) {
    failed(ctx, d, e);
  }
}

/** Every field present, in evalBindSet's order: one shape for the attributes extraction reads. */
function attrFor(t: Thunk, first: Def | undefined): Attr {
  return { v: t, key: first?.key, bind: first?.bind };
}

/** A namespace: every name any definition or declaration has; nothing is evaluated for the names. */
function namespace(ctx: MergeContext, path: string[], defs: Def[], decls: Map<string, DeclTree> | undefined): Merged {
  const all = pushAll(ctx, defs);
  const g = group(ctx, path, all);
  decls?.forEach((_, k) => {
    if (!g.names.has(k)) g.names.set(k, []);
  });
  // One attribute per name, declared or defined (each instance of a submodule has every declared one).
  ctx.m.alloc(g.names.size, all[0]?.bind ?? all[0]?.key);
  const map = new Map<string, Attr>();
  g.names.forEach((childDefs, k) => {
    const decl = decls?.get(k);
    const shared = childDefs.length === 0 ? defaultOnly(decl) : undefined;
    map.set(k, shared ?? attrFor(mergedThunk(ctx, path, k, childDefs, decl), childDefs[0]));
  });
  // Our schema is a small part of NixOS's: an option nobody defines here is unknown, not missing.
  const value: AttrsV = { t: 'attrs', map, open: path.length ? `config.${showPath(path)}` : 'config' };
  return { value, defs: all, uncertain: g.uncertain };
}

function mergeOption(ctx: MergeContext, path: string[], defs: Def[], decl: OptionDecl): Merged {
  // The declared default goes last, in the same pass (one array per option, not three).
  const fallback = decl.default ? newDef(decl.default, decl.at?.file ?? '<default>', NO_CONDITIONS, decl.at, undefined, OPTION_DEFAULT_PRIO, undefined, true) : undefined;
  const all = pushAll(ctx, defs, fallback);
  const final = settle(ctx, path, all);
  let r = typed(ctx, path, final.defs, decl.type);
  if (final.uncertain && !r.uncertain) r = { ...r, uncertain: true };
  if (r.value.t === 'attrs' && decl.type.kind === 'attrsOf' && (decl.at === undefined || isVirtualFile(decl.at.file))) {
    // A NixOS option (our schema): modules outside the repository add names to it
    // (`config.systemd.targets.multi-user` is nixpkgs'), so a name missing here is unknown.
    r = { ...r, value: openAttrs(r.value.map, `config.${showPath(path)}`) };
  }
  if (decl.apply && final.defs.length) {
    const f = ctx.m.force(decl.apply);
    r = { ...r, value: ctx.m.apply(f, Thunk.of(r.value), decl.at ?? final.defs[0]!.bind ?? spanless) };
  }
  return r;
}

const spanless: Span = { file: '<deploy-lint>', line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Conditions, then priorities, then order. */
function settle(ctx: MergeContext, path: string[], pushed: Def[]): { defs: Def[]; uncertain: boolean } {
  // Most options have one unconditional definition (often just the default): nothing to settle.
  if (pushed.length === 1 && pushed[0]!.conds.length === 0) return { defs: pushed, uncertain: false };
  const d = discharge(ctx.m, pushed, (def, e) => failed(ctx, def, e));
  for (let i = 0; i < d.unsure.length; i++) {
    const u = d.unsure[i]!;
    ctx.m.note(`a definition of ${showPath(path)} depends on something unknown (${u.label}): it is left out`, u.at ?? u.def.bind ?? u.def.key);
  }
  return { defs: sortByOrder(filterOverrides(d.defs)), uncertain: d.unsure.length > 0 };
}

function noValue(path: string[], defs: Def[]): Merged {
  const u = unknown(`${showPath(path)} has no definition in the repository`, `config.${showPath(path)}`);
  return { value: u, defs, uncertain: true };
}

function typed(ctx: MergeContext, path: string[], defs: Def[], type: OptType): Merged {
  if (defs.length === 0) return noValue(path, defs);
  switch (type.kind) {
    case 'attrsOf':
      return attrsOf(ctx, path, defs, type.elem);
    case 'submodule':
      return { value: ctx.submodule(type, defs, path), defs, uncertain: false };
    case 'listOf':
      return concatLists(ctx, path, defs, type.elem);
    case 'nullOr': {
      const nonNull = defs.filter((d) => ctx.m.force(d.v).t !== 'null');
      if (nonNull.length === 0) return { value: NULL, defs, uncertain: false };
      return typed(ctx, path, nonNull, type.elem);
    }
    case 'join':
      return join(ctx, defs, type.sep);
    case 'attrs': {
      let map = new Map<string, Attr>();
      for (const d of defs) {
        const v = ctx.m.force(d.v);
        if (v.t === 'unknown') return { value: v, defs, uncertain: true };
        if (v.t === 'attrs') map = new Map([...map, ...v.map]);
      }
      return { value: attrs(map), defs, uncertain: false };
    }
    case 'unitOption':
      return defs.some((d) => ctx.m.force(d.v).t === 'list') ? concatLists(ctx, path, defs, { kind: 'anything' }) : single(ctx, path, defs);
    case 'leaf':
      return single(ctx, path, defs);
    case 'anything':
      return byShape(ctx, path, defs);
    case 'deferred':
      if (defs.length === 1) return { value: ctx.m.force(defs[0]!.v), defs, uncertain: false };
      return { value: attrs(new Map([['imports', { v: Thunk.of(list(defs.map((d) => d.v))) }]])), defs, uncertain: false };
  }
}

/** `attrsOf`: a name exists when at least one of its definitions is switched on. */
function attrsOf(ctx: MergeContext, path: string[], defs: Def[], elem: OptType): Merged {
  const g = group(ctx, path, defs);
  const map = new Map<string, Attr>();
  g.names.forEach((childDefs, k) => {
    const pushed = pushAll(ctx, childDefs);
    const live = discharge(ctx.m, pushed, (def, e) => failed(ctx, def, e));
    if (live.defs.length === 0) {
      for (let i = 0; i < live.unsure.length; i++) {
        const u = live.unsure[i]!;
        ctx.m.note(`${showPath([...path, k])} is defined only under an unknown condition (${u.label}): it is left out`, u.at ?? u.def.key);
      }
      return;
    }
    const first = childDefs.find((d) => live.defs.some((l) => l.v === d.v || l.key === d.key)) ?? childDefs[0];
    const childPath = path.concat(k);
    // Conditions are already discharged here: the element merges what is left (no second pass).
    const value = lazyMerged(() => {
      for (let i = 0; i < live.unsure.length; i++) {
        const u = live.unsure[i]!;
        ctx.m.note(`a definition of ${showPath(childPath)} depends on something unknown (${u.label}): it is left out`, u.at ?? u.def.bind ?? u.def.key);
      }
      const r = typed(ctx, childPath, sortByOrder(filterOverrides(live.defs)), elem);
      return live.unsure.length ? { ...r, uncertain: true } : r;
    });
    map.set(k, attrFor(value, first));
  });
  return { value: attrs(map), defs, uncertain: g.uncertain };
}

function concatLists(ctx: MergeContext, path: string[], defs: Def[], elem: OptType): Merged {
  if (defs.length === 1 && elem.kind !== 'submodule') {
    const only = ctx.m.force(defs[0]!.v);
    if (only.t === 'list') return { value: only, defs, uncertain: false };
  }
  const items: Thunk[] = [];
  let uncertain = false;
  for (let i = 0; i < defs.length; i++) {
    const d = defs[i]!;
    const v = ctx.m.force(d.v);
    if (v.t === 'list') for (let j = 0; j < v.items.length; j++) items.push(v.items[j]!);
    else if (v.t === 'unknown') {
      uncertain = true;
      items.push(d.v);
    } else items.push(d.v); // a single value where a list belongs (unitOption atoms)
  }
  if (elem.kind !== 'submodule') return { value: list(items), defs, uncertain };
  const evaluated = items.map((item, i) =>
    Thunk.lazy(() => {
      const owner = defs.find((d) => d.v === item) ?? defs[0]!;
      const def = newDef(item, owner.file, [], item.expr ? spanOf(item.expr) : undefined, undefined);
      return ctx.submodule(elem, [def], path.concat(String(i)));
    }, item.expr),
  );
  return { value: list(evaluated), defs, uncertain };
}

function join(ctx: MergeContext, defs: Def[], sep: string): Merged {
  if (defs.length === 1) return { value: ctx.m.force(defs[0]!.v), defs, uncertain: false };
  const b = new StrBuilder();
  for (let i = 0; i < defs.length; i++) {
    const v = ctx.m.force(defs[i]!.v);
    if (v.t === 'unknown') return { value: v, defs, uncertain: true };
    if (v.t !== 'string') throw ctx.m.typeError(v, 'a string', defs[i]!.bind);
    if (i > 0) b.addString({ t: 'string', s: sep }, undefined, false);
    b.addString(v, undefined, true);
  }
  return { value: b.build(), defs, uncertain: false };
}

/** One value: the first definition; others must agree. */
function single(ctx: MergeContext, path: string[], defs: Def[]): Merged {
  const first = ctx.m.force(defs[0]!.v);
  for (const d of defs.slice(1)) {
    const v = ctx.m.force(d.v);
    const same = eqValues(ctx.m, first, v, d.bind ?? spanless, true);
    if (same === false) ctx.warn(`The option \`${showPath(path)}' has conflicting definition values`, d.bind ?? d.key);
  }
  return { value: first, defs, uncertain: first.t === 'unknown' };
}

/** Undeclared or `anything`: sets merge by name, lists concatenate, anything else is one value. */
function byShape(ctx: MergeContext, path: string[], defs: Def[]): Merged {
  const values = defs.map((d) => ctx.m.force(d.v));
  if (values.some((v) => isPlainSet(ctx.m, v)) && values.every((v) => v.t === 'unknown' || isPlainSet(ctx.m, v))) {
    return namespace(ctx, path, defs, undefined);
  }
  if (values.some((v) => v.t === 'list') && values.every((v) => v.t === 'list' || v.t === 'unknown')) {
    return concatLists(ctx, path, defs, { kind: 'anything' });
  }
  return single(ctx, path, defs);
}

/** No declaration: sets stay namespaces (no condition evaluated); anything else settles first. */
function freeform(ctx: MergeContext, path: string[], defs: Def[]): Merged {
  const all = pushAll(ctx, defs);
  const values = all.map((d) => ctx.m.force(d.v));
  if (values.some((v) => isPlainSet(ctx.m, v)) && values.every((v) => v.t === 'unknown' || isPlainSet(ctx.m, v))) {
    return namespace(ctx, path, all, undefined);
  }
  const final = settle(ctx, path, all);
  if (final.defs.length === 0) return noValue(path, all);
  if (final.defs.some((d) => isFunction(ctx.m.force(d.v)))) {
    // A function for an option declared outside the repository is, nearly
    // always, a module of a submodule type (home-manager.users.NAME = import
    // ./home.nix): what reading it yields is unknown, not a type error.
    const u = unknown(`config.${showPath(path)} is a function here, for an option declared outside the repository (a submodule, most likely)`, `config.${showPath(path)}`, final.defs[0]!.bind);
    return { value: u, defs: final.defs, uncertain: true };
  }
  const r = byShape(ctx, path, final.defs);
  return { ...r, uncertain: r.uncertain || final.uncertain };
}

function isFunction(v: Value): boolean {
  return v.t === 'lambda' || v.t === 'primop';
}
