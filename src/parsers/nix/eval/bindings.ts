/**
 * Attribute-set bindings as Nix 2.8 builds them: `a.b = 1; a.c = 2;` make one
 * nested set, a path through an explicit set value (`a = { b = 1; }; a.c = 2;`)
 * adds to that set (and to its `rec` scope if it has one), `inherit` takes
 * from the enclosing scope. Unlike test/nix-reference/lower.ts, every entry keeps the span of its
 * key and of its binding. The tree is built once per AST node.
 */
import type { Span } from '../../../model/span.js';
import type { AttrName, Binding, Expr, Memo } from '../syntax/ast.js';
import { staticAttrName, unparen } from '../syntax/strings.js';
import { spanOf, type Positioned } from '../syntax/positions.js';

export interface BindLeaf {
  kind: 'leaf';
  /** The value expression; null for `inherit` (the name says what to take). */
  expr: Expr | null;
  key: Span;
  bind: Span;
  /** `inherit x;`: looked up in the scope around the set, never in its own `rec` scope. */
  inherited?: true;
  /** `inherit (e) x;`: index into BindSet.froms (one shared thunk per `inherit (e)`). */
  from?: number;
}

export interface BindSet {
  kind: 'set';
  entries: Map<string, BindNode>;
  dynamic: DynamicBinding[];
  /** Its own `rec` scope: an explicit `rec { … }` that attrpaths were merged into. */
  rec: boolean;
  froms: Expr[];
  key: Span;
  bind: Span;
}

export type BindNode = BindLeaf | BindSet;

export interface DynamicBinding {
  name: AttrName;
  value: BindNode;
  bind: Span;
}

/** The binding tree of a set, `let` or legacy `let { }` (built once, kept in the node's memo). */
export function bindingTree(node: { bindings: Binding[] } & Positioned & Memo, rec: boolean): BindSet {
  let set = node.memo as BindSet | undefined;
  if (!set) {
    set = build(node.bindings, rec, spanOf(node), spanOf(node));
    node.memo = set;
  }
  return set;
}

/**
 * Most sets have no dynamic name and no `inherit (e)`: they share one empty,
 * frozen list of each until their first (binding trees live for the whole
 * run, one per set and `let` evaluated).
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];

function emptySet(rec: boolean, key: Span, bind: Span): BindSet {
  return { kind: 'set', entries: new Map(), dynamic: NONE, rec, froms: NONE, key, bind };
}

function build(bindings: readonly Binding[], rec: boolean, key: Span, bind: Span): BindSet {
  const set = emptySet(rec, key, bind);
  for (let i = 0; i < bindings.length; i++) addBinding(set, bindings[i]!);
  return set;
}

function addBinding(set: BindSet, b: Binding): void {
  if (b.kind === 'Inherit') {
    let from: number | undefined;
    if (b.from) {
      from = set.froms.length;
      if (set.froms === NONE) set.froms = [];
      set.froms.push(b.from);
    }
    for (let i = 0; i < b.names.length; i++) {
      const n = b.names[i]!;
      const name = staticAttrName(n);
      if (name === null) continue; // rejected by the parser
      const leaf: BindLeaf = { kind: 'leaf', expr: null, key: spanOf(n), bind: spanOf(b) };
      if (from === undefined) leaf.inherited = true;
      else leaf.from = from;
      set.entries.set(name, leaf);
    }
    return;
  }
  let cur = set;
  const last = b.path.length - 1;
  for (let i = 0; i < last; i++) {
    const a = b.path[i]!;
    const name = staticAttrName(a);
    if (name === null) {
      const nested = emptySet(false, spanOf(a), spanOf(b));
      if (cur.dynamic === NONE) cur.dynamic = [];
      cur.dynamic.push({ name: a, value: nested, bind: spanOf(b) });
      cur = nested;
      continue;
    }
    const existing = cur.entries.get(name);
    if (existing === undefined) {
      const nested = emptySet(false, spanOf(a), spanOf(b));
      cur.entries.set(name, nested);
      cur = nested;
    } else if (existing.kind === 'set') {
      cur = existing;
    } else {
      const expanded = expandExplicit(existing);
      if (!expanded) return; // a clash the parser reports
      cur.entries.set(name, expanded);
      cur = expanded;
    }
  }
  const a = b.path[last]!;
  const name = staticAttrName(a);
  const leaf: BindLeaf = { kind: 'leaf', expr: b.value, key: spanOf(a), bind: spanOf(b) };
  if (name === null) {
    if (cur.dynamic === NONE) cur.dynamic = [];
    cur.dynamic.push({ name: a, value: leaf, bind: spanOf(b) });
    return;
  }
  const existing = cur.entries.get(name);
  if (existing === undefined) {
    cur.entries.set(name, leaf);
    return;
  }
  // Two definitions of one name are only legal when both are sets: merge the new one in.
  const target = existing.kind === 'set' ? existing : expandExplicit(existing);
  const value = unparen(b.value);
  if (!target || value.kind !== 'AttrSet') return;
  cur.entries.set(name, target);
  for (let i = 0; i < value.bindings.length; i++) addBinding(target, value.bindings[i]!);
}

/** An explicit `{ … }` value that attrpaths now extend: its bindings become a set node. */
function expandExplicit(leaf: BindLeaf): BindSet | null {
  if (leaf.expr === null) return null;
  const e = unparen(leaf.expr);
  if (e.kind !== 'AttrSet') return null;
  return build(e.bindings, e.rec, leaf.key, leaf.bind);
}

