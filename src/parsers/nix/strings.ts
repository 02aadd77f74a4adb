/**
 * String semantics shared by the parser, the lowering and (later) the
 * evaluator: indented-string indentation stripping and static attribute names,
 * both exactly as Nix 2.8's parser.y computes them.
 */
import type { AttrName, Expr, IndStr } from './ast.js';

/** One piece of an indented string as the lexer cut it; `text` null for `${…}`. */
export interface IndPiece {
  text: string | null;
  /** Plain text runs are subject to indentation; escapes are not. */
  indentation: boolean;
}

/**
 * Nix's stripIndentation: the minimum indentation (spaces only) over lines
 * that have content, ignoring the whitespace-only last line, is removed from
 * every line; a last line made only of spaces is dropped. Returns the cooked
 * text of each piece ('' for interpolations), in order.
 */
export function stripIndentation(pieces: readonly IndPiece[]): string[] {
  // Pass 1: minimum indentation. Interpolations and escapes end a line's leading whitespace.
  let atStartOfLine = true;
  let minIndent = 1000000;
  let curIndent = 0;
  for (const piece of pieces) {
    const t = piece.text;
    if (t === null || !piece.indentation) {
      if (atStartOfLine) {
        atStartOfLine = false;
        if (curIndent < minIndent) minIndent = curIndent;
      }
      continue;
    }
    for (let j = 0; j < t.length; j++) {
      const c = t.charCodeAt(j);
      if (atStartOfLine) {
        if (c === 32) curIndent++;
        else if (c === 10) curIndent = 0;
        else {
          atStartOfLine = false;
          if (curIndent < minIndent) minIndent = curIndent;
        }
      } else if (c === 10) {
        atStartOfLine = true;
        curIndent = 0;
      }
    }
  }

  // Pass 2: drop up to minIndent leading spaces per line (escapes included, as Nix does).
  const out: string[] = new Array<string>(pieces.length);
  atStartOfLine = true;
  let curDropped = 0;
  const last = pieces.length - 1;
  for (let i = 0; i < pieces.length; i++) {
    const t = pieces[i]!.text;
    if (t === null) {
      atStartOfLine = false;
      curDropped = 0;
      out[i] = '';
      continue;
    }
    let s2 = '';
    let runStart = 0;
    for (let j = 0; j < t.length; j++) {
      const c = t.charCodeAt(j);
      if (atStartOfLine) {
        if (c === 32) {
          if (curDropped++ >= minIndent) continue; // kept: part of the current run
          s2 += t.slice(runStart, j);
          runStart = j + 1;
        } else if (c === 10) {
          curDropped = 0;
        } else {
          atStartOfLine = false;
          curDropped = 0;
        }
      } else if (c === 10) {
        atStartOfLine = true;
      }
    }
    s2 += t.slice(runStart);
    if (i === last) {
      // Remove the last line if it is empty or only spaces.
      const p = s2.lastIndexOf('\n');
      if (p >= 0 && onlySpacesAfter(s2, p + 1)) s2 = s2.slice(0, p + 1);
    }
    out[i] = s2;
  }
  return out;
}

function onlySpacesAfter(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (s.charCodeAt(i) !== 32) return false;
  return true;
}

/** Strips parentheses: Nix's parser returns the inner expression for `( e )`. */
export function unparen(e: Expr): Expr {
  while (e.kind === 'Paren') e = e.expr;
  return e;
}

/**
 * The string an expression denotes when Nix's parser builds a plain string
 * constant for it (ExprString), else null: `"a"` (no interpolation), `''a''`
 * when it is a single piece, a URI, `( … )` around any of them. This decides whether
 * `"a" = 1;`, `${"a"} = 1;` or `inherit "a";` name a static attribute.
 */
export function constantString(e: Expr): string | null {
  e = unparen(e);
  if (e.kind === 'String') {
    if (e.parts.length === 0) return '';
    const p = e.parts[0]!;
    return e.parts.length === 1 && p.kind === 'Lit' ? p.value : null;
  }
  if (e.kind === 'IndString') return indStringConstant(e);
  if (e.kind === 'Uri') return e.value; // a URI literal is a plain string constant too
  return null;
}

function indStringConstant(e: IndStr): string | null {
  if (e.parts.length === 0) return '';
  const p = e.parts[0]!;
  return e.parts.length === 1 && p.kind === 'IndLit' ? p.cooked : null;
}

/** The static name of an attribute name, or null when it is computed at evaluation time. */
export function staticAttrName(a: AttrName): string | null {
  switch (a.kind) {
    case 'Ident':
      return a.name;
    case 'StringAttr':
      return constantString(a.str);
    case 'DynamicAttr':
      return constantString(a.expr);
  }
}
