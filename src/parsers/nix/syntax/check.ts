/**
 * The errors Nix 2.8's parser raises in semantic actions, applied by our
 * parser at the same points (so errors come in Nix's order):
 *
 * - `attribute 'a.b' already defined`: attrpaths merge into nested sets, also
 *   into an explicit set value (`a = { b = 1; }; a.c = 2;`) and set into set
 *   (`a.b = 1; a = { c = 2; };`); anything else defined twice is an error
 *   (checked after each binding's `;`);
 * - `duplicate formal function argument` (after the lambda's body);
 * - `dynamic attributes not allowed in let` (after the let's body) and
 *   `… in inherit` (at the name).
 *
 * Only names are tracked here; test/nix-reference/lower.ts applies the same merge rules while
 * building Nix's IR for the printer.
 */
import type { Span } from '../../../model/span.js';
import type { AttrName, Formals, Ident } from './ast.js';
import { spanOf, type Positioned } from './positions.js';
import { staticAttrName } from './strings.js';

/** An error Nix's parser raises in a semantic action (after the syntax was accepted). */
export class NixSemanticError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

/** A name defined in a set: mergeable (an implicit `a.b = …` or explicit `a = { … }` set) or not. */
interface Def {
  /** The node that defined it (its span is computed only for a message). */
  at: Positioned;
  set: Scope | null;
  inherited: boolean;
}

/** The names of one attribute set (or `let`). */
export type Scope = Map<string, Def>;

function at(n: Positioned): string {
  const s = spanOf(n);
  return `${s.line}:${s.column}`;
}

function show(path: readonly AttrName[]): string {
  return path.map((a) => staticAttrName(a) ?? '"${…}"').join('.');
}

/**
 * Nix's addAttr on name scopes. A dynamic name opens a fresh set nothing can
 * clash with; `valueScope` is the value's scope when the value is an
 * attribute set.
 */
export function addAttr(top: Scope, path: readonly AttrName[], valueScope: Scope | null, node: Positioned): void {
  let scope: Scope = top;
  const last = path.length - 1;
  for (let i = 0; i < last; i++) {
    const name = staticAttrName(path[i]!);
    if (name === null) return;
    const j = scope.get(name);
    if (j !== undefined) {
      if (j.inherited || j.set === null) throw new NixSemanticError(`attribute '${show(path)}' already defined at ${at(j.at)}`, spanOf(node));
      scope = j.set;
    } else {
      const nested: Scope = new Map();
      scope.set(name, { at: node, set: nested, inherited: false });
      scope = nested;
    }
  }
  const name = staticAttrName(path[last]!);
  if (name !== null) addName(scope, name, valueScope, node, path);
}

/**
 * The last step of addAttr: `name` defined in `scope`. Called directly for the
 * common `name = value;` (path is then null and the name is the whole path).
 */
export function addName(scope: Scope, name: string, valueScope: Scope | null, node: Positioned, path: readonly AttrName[] | null): void {
  const j = scope.get(name);
  if (j === undefined) {
    scope.set(name, { at: node, set: valueScope, inherited: false });
    return;
  }
  if (j.set !== null && valueScope !== null && !j.inherited) {
    // Set into set: the new set's static names join the existing one.
    for (const [k, def] of valueScope) {
      const prev = j.set.get(k);
      if (prev !== undefined) throw new NixSemanticError(`attribute '${k}' already defined at ${at(prev.at)}`, spanOf(def.at));
      j.set.set(k, def);
    }
    return;
  }
  throw new NixSemanticError(`attribute '${path === null ? name : show(path)}' already defined at ${at(j.at)}`, spanOf(node));
}

/**
 * `inherit a b;` (inherited) or `inherit (e) a b;` (not: those are plain
 * selections). Checked after the `;`, like Nix; but where Nix points at the
 * end of the token before the names, we point at the duplicated name.
 */
export function addInherited(scope: Scope, names: readonly AttrName[], statics: readonly string[], inherited: boolean): void {
  for (let i = 0; i < statics.length; i++) {
    const name = statics[i]!;
    const node = names[i]!;
    const prev = scope.get(name);
    if (prev !== undefined) throw new NixSemanticError(`attribute '${name}' already defined at ${at(prev.at)}`, spanOf(node));
    scope.set(name, { at: node, set: null, inherited });
  }
}

/** Duplicate formals (and an `@` name equal to a formal), checked after the lambda's body. */
export function checkFormals(formals: Formals, arg: Ident | null): void {
  const seen = new Set<string>();
  for (const f of formals.entries) {
    const n = f.name;
    if (seen.has(n.name)) throw new NixSemanticError(`duplicate formal function argument '${n.name}'`, spanOf(n));
    seen.add(n.name);
  }
  if (arg !== null && seen.has(arg.name)) throw new NixSemanticError(`duplicate formal function argument '${arg.name}'`, spanOf(arg));
}
