/**
 * Option declarations: the `options` of every module, merged into one tree.
 * An option is a set with `_type = "option"` (what `mkOption` returns);
 * anything else in `options` is a namespace. Two declarations of one option
 * (a module extending a submodule type) combine their submodule modules.
 */
import type { Span } from '../../../model/span.js';
import type { Machine } from '../eval/machine.js';
import type { Attr, AttrsV, Thunk } from '../eval/value.js';
import { ANYTHING, readType, type OptType } from './types.js';

export interface OptionDecl {
  type: OptType;
  default?: Thunk;
  /** `apply`: a function the merged value goes through. */
  apply?: Thunk;
  at?: Span;
}

export type DeclTree =
  | { kind: 'set'; children: Map<string, DeclTree> }
  /** `unset`: the attribute every instance without a definition shares (merge.ts, defaultOnly), made on first use. */
  | { kind: 'option'; decl: OptionDecl; unset?: Attr };

export function emptyDecls(): DeclTree & { kind: 'set' } {
  return { kind: 'set', children: new Map() };
}

function isOption(m: Machine, v: AttrsV): boolean {
  const t = v.map.get('_type');
  if (!t) return false;
  const s = m.force(t.v);
  return s.t === 'string' && s.s === 'option';
}

/** Adds the declarations of one module's `options` value. Returns names it could not read. */
export function addDecls(m: Machine, tree: DeclTree & { kind: 'set' }, options: AttrsV): void {
  options.map.forEach((attr, name) => {
    const v = m.force(attr.v);
    if (v.t !== 'attrs') return;
    const existing = tree.children.get(name);
    if (isOption(m, v)) {
      const decl: OptionDecl = { type: readType(m, v.map.get('type')?.v) };
      const def = v.map.get('default');
      if (def) decl.default = def.v;
      const apply = v.map.get('apply');
      if (apply) {
        const f = m.force(apply.v);
        if (f.t !== 'null') decl.apply = apply.v;
      }
      if (attr.key) decl.at = attr.key;
      tree.children.set(name, existing?.kind === 'option' ? { kind: 'option', decl: combine(existing.decl, decl) } : { kind: 'option', decl });
      return;
    }
    if (existing?.kind === 'option') return; // an option and a namespace at once: keep the option
    const sub = existing ?? emptyDecls();
    tree.children.set(name, sub);
    addDecls(m, sub as DeclTree & { kind: 'set' }, v);
  });
}

/** Two declarations of one option: submodule types pool their modules; a later default wins. */
function combine(a: OptionDecl, b: OptionDecl): OptionDecl {
  const type = mergeTypes(a.type, b.type);
  const out: OptionDecl = { type };
  const def = b.default ?? a.default;
  if (def) out.default = def;
  const apply = b.apply ?? a.apply;
  if (apply) out.apply = apply;
  const at = a.at ?? b.at;
  if (at) out.at = at;
  return out;
}

function mergeTypes(a: OptType, b: OptType): OptType {
  if (a.kind === 'submodule' && b.kind === 'submodule') return { kind: 'submodule', modules: [...a.modules, ...b.modules] };
  if ((a.kind === 'attrsOf' || a.kind === 'listOf') && a.kind === b.kind) return { kind: a.kind, elem: mergeTypes(a.elem, b.elem) };
  if (a.kind === 'anything') return b;
  if (b.kind === 'anything') return a;
  return a;
}

export { ANYTHING };
