/**
 * Reading merged option values back out with the places that defined them.
 * Every fact needs a span: a list element's string literal, the binding of a
 * single value, the attribute name of a set entry — never the lib prelude or
 * the schema's defaults.
 */
import type { TextEdit } from '../../../model/diagnostic.js';
import type { SourceText, Span } from '../../../model/span.js';
import type { LineIndex } from '../../line-index.js';
import type { Expr } from '../syntax/ast.js';
import { BudgetExceeded, EvalError } from '../eval/errors.js';
import type { Machine } from '../eval/machine.js';
import { fileBudgetMessage } from '../eval/budget.js';
import { coerceToString } from '../eval/coerce.js';
import { formatFloatFixed } from '../eval/numbers.js';
import { isVirtualFile } from '../eval/strings.js';
import { sortedNames, type Attr, type AttrsV, type StrV, type Thunk, type Value } from '../eval/value.js';
import { newDef, type Def } from '../modules/defs.js';
import { metaOf } from '../modules/merge.js';
import { spanOf } from '../syntax/positions.js';

export interface Reader {
  m: Machine;
  /** Reports a problem in the configuration (`nix-eval-error`). */
  report(message: string, at: Span | undefined): void;
  /** List elements with a removal edit, checked once evaluation is complete (see finishRemovals). */
  removals: Array<{ edit: TextEdit; expr: Expr; holder: { removal?: TextEdit } }>;
  /** Where to report an error that carries no place of its own (the configuration's first file). */
  fallback?: Span;
}

export function real(span: Span | undefined): Span | undefined {
  return span && !isVirtualFile(span.file) ? span : undefined;
}

/** Runs `f`; an evaluation error becomes a diagnostic and `fallback`. The budget running out stops everything. */
export function guard<T>(r: Reader, at: Span | undefined, fallback: T, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof BudgetExceeded) {
      if (e.file === undefined) throw e;
      if (!r.m.budgetReported.has(e.file)) {
        r.m.budgetReported.add(e.file);
        r.report(fileBudgetMessage(r.m.fileBudget), real(e.span) ?? r.fallback);
      }
      return fallback;
    }
    if (e instanceof EvalError) {
      r.report(e.message, real(e.span) ?? real(at) ?? real(r.m.lastAt) ?? r.fallback);
      return fallback;
    }
    if (e instanceof RangeError) {
      r.report('stack overflow while evaluating (too deeply nested)', real(at) ?? real(r.m.lastAt) ?? r.fallback);
      return fallback;
    }
    throw e;
  }
}


/** A value if it is an attribute set (an option's value is read as a set only when it is one). */
export function attrs(v: Value | undefined): AttrsV | undefined {
  return v?.t === 'attrs' ? v : undefined;
}

export function get(set: AttrsV | undefined, name: string): Attr | undefined {
  return set?.map.get(name);
}

export function force(r: Reader, a: Attr | Thunk | undefined): Value | undefined {
  if (!a) return undefined;
  return r.m.force('v' in a ? a.v : a);
}

/** The definitions a merged option value came from, without declared defaults (read-only: it may be the merge's own array). */
export function userDefs(t: Thunk): readonly Def[] {
  const defs = metaOf(t)?.defs;
  if (!defs) return NO_DEFS;
  for (let i = 0; i < defs.length; i++) if (!isUserDef(defs[i]!)) return defs.filter(isUserDef);
  return defs;
}

/** The first of userDefs(t), without building the list. */
export function firstUserDef(t: Thunk): Def | undefined {
  const defs = metaOf(t)?.defs;
  if (defs) for (let i = 0; i < defs.length; i++) if (isUserDef(defs[i]!)) return defs[i];
  return undefined;
}

const NO_DEFS: readonly Def[] = [];

function isUserDef(d: Def): boolean {
  return !d.fromDefault && !isVirtualFile(d.file);
}

/** Where a single-valued option is defined: its binding, else its name. */
export function defSpan(d: Def | undefined): Span | undefined {
  return real(d?.bind) ?? real(d?.key);
}

/** A value written as text for a unit file (NixOS's attrsToSection): null for null and what has no text form. */
export function unitText(r: Reader, v: Value, at: Span | undefined): StrV | null | 'unknown' {
  switch (v.t) {
    case 'bool':
      return { t: 'string', s: v.v ? 'true' : 'false' };
    case 'int':
      return { t: 'string', s: v.v.toString() };
    case 'float':
      return { t: 'string', s: formatFloatFixed(v.v) };
    case 'null':
      return null;
    case 'string':
      return v;
    case 'path':
      return { t: 'string', s: v.p };
    case 'unknown':
      if (!v.store) return 'unknown';
      return coerceToString(r.m, v, 'interp', at) as StrV;
    case 'attrs': {
      const s = coerceToString(r.m, v, 'interp', at);
      return s.t === 'unknown' ? 'unknown' : s;
    }
    default:
      return null;
  }
}

/** The source text of a string: its own map, else placed at `at`. */
export function sourceText(s: StrV, at: Span): SourceText {
  if (s.src) return { text: s.s, file: s.src.file, segments: s.src.segments };
  return { text: s.s, file: at.file, segments: [{ offset: 0, line: at.line, column: at.column }] };
}

/** A string literal (or the element as written) at a list position, and the edit deleting it. */
export function elementSpan(r: Reader, item: Thunk, v: Value): { span?: Span; removal?: TextEdit; expr?: Expr } {
  const lit = v.t === 'string' ? real(v.lit) : undefined;
  const listed = item.listed && item.expr ? real(spanOf(item.expr)) : undefined;
  const span = listed ?? lit ?? real((item.expr ? spanOf(item.expr) : undefined));
  if (!listed || !item.expr) return span ? { span } : {};
  return { span, removal: { span: withLeadingSpace(item.expr.source, listed), replacement: '' }, expr: item.expr };
}

/** Extends a span back over the spaces before it on its line, so deleting it leaves tidy text. */
function withLeadingSpace(source: LineIndex, s: Span): Span {
  const { text } = source;
  const start = source.offset(s.line, 1);
  const at = (col: number): string => text[start + col - 1] ?? '';
  let col = s.column;
  while (col > 1 && (at(col - 1) === ' ' || at(col - 1) === '\t')) col--;
  if (col === 1 || at(col - 1) === '[') return s;
  return { ...s, column: col };
}

/** Drops removal edits of elements written inside a generator (evaluated more than once). */
export function finishRemovals(r: Reader): void {
  for (const x of r.removals) {
    const n = r.m.listEvaluations.get(x.expr) ?? 0;
    if (n > 1) delete x.holder.removal;
  }
}

export interface ListItem {
  value: Value;
  item: Thunk;
  def: Def;
}

/** The elements of a list-valued option, each with the definition it came from. */
export function listItems(r: Reader, t: Thunk): ListItem[] {
  const out: ListItem[] = [];
  const v = r.m.force(t);
  const defs = userDefs(t);
  if (v.t !== 'list') return out;
  // Walk the definitions so each element knows its module; fall back to the merged list.
  let covered = 0;
  for (let i = 0; i < defs.length; i++) {
    const d = defs[i]!;
    const dv = r.m.force(d.v);
    if (dv.t !== 'list') {
      out.push({ value: dv, item: d.v, def: d });
      covered++;
      continue;
    }
    for (let j = 0; j < dv.items.length; j++) {
      const item = dv.items[j]!;
      out.push({ value: r.m.force(item), item, def: d });
    }
    covered += dv.items.length;
  }
  if (covered !== v.items.length) {
    out.length = 0;
    const d = defs[0] ?? newDef(t, '', [], undefined, undefined);
    for (let j = 0; j < v.items.length; j++) {
      const item = v.items[j]!;
      out.push({ value: r.m.force(item), item, def: d });
    }
  }
  return out;
}

export function names(set: AttrsV): string[] {
  return sortedNames(set);
}
