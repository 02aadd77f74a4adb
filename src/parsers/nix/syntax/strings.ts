/**
 * String semantics shared by the parser, the lowering and (later) the
 * evaluator: indented-string indentation stripping and static attribute names,
 * both exactly as Nix 2.8's parser.y computes them.
 */
import type { AttrName, Expr, IndStr, IndStrLit, Interpolation } from './ast.js';

/**
 * Nix's stripIndentation, applied to the parts of `''…''` in place (sets each
 * literal's `cooked`): the minimum indentation (spaces only) over lines that
 * have content, ignoring the whitespace-only last line, is removed from every
 * line; a last line made only of spaces is dropped. Interpolations and escapes
 * end a line's leading whitespace; escapes are stripped like text (as Nix
 * does). Lines are found with indexOf: a character loop over every script in
 * a module was a noticeable part of a cold parse.
 */
export function stripIndentation(parts: ReadonlyArray<IndStrLit | Interpolation>): void {
  // Pass 1: minimum indentation.
  let atStartOfLine = true;
  let minIndent = 1000000;
  let curIndent = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (part.kind === 'Interp' || part.escape) {
      if (atStartOfLine) {
        atStartOfLine = false;
        if (curIndent < minIndent) minIndent = curIndent;
      }
      continue;
    }
    const t = part.value;
    const len = t.length;
    let j = 0;
    while (j < len) {
      if (atStartOfLine) {
        while (j < len && t.charCodeAt(j) === 32) {
          curIndent++;
          j++;
        }
        if (j === len) break;
        if (t.charCodeAt(j) === 10) {
          curIndent = 0;
          j++;
          continue;
        }
        atStartOfLine = false;
        if (curIndent < minIndent) minIndent = curIndent;
      }
      const nl = t.indexOf('\n', j);
      if (nl < 0) break;
      atStartOfLine = true;
      curIndent = 0;
      j = nl + 1;
    }
  }

  // Pass 2: drop up to minIndent leading spaces per line.
  atStartOfLine = true;
  let curDropped = 0;
  const last = parts.length - 1;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (part.kind === 'Interp') {
      atStartOfLine = false;
      curDropped = 0;
      continue;
    }
    const t = part.value;
    const len = t.length;
    let out = '';
    let runStart = 0;
    let j = 0;
    while (j < len) {
      if (atStartOfLine) {
        const from = j;
        while (j < len && curDropped < minIndent && t.charCodeAt(j) === 32) {
          curDropped++;
          j++;
        }
        if (j > from) {
          out += t.slice(runStart, from);
          runStart = j;
        }
        while (j < len && t.charCodeAt(j) === 32) j++; // beyond minIndent: kept
        if (j === len) break;
        curDropped = 0;
        if (t.charCodeAt(j) === 10) {
          j++;
          continue;
        }
        atStartOfLine = false;
      }
      const nl = t.indexOf('\n', j);
      if (nl < 0) break;
      atStartOfLine = true;
      j = nl + 1;
    }
    out = runStart === 0 ? t : out + t.slice(runStart);
    if (p === last) {
      // Remove the last line if it is empty or only spaces.
      const nl = out.lastIndexOf('\n');
      if (nl >= 0 && onlySpacesAfter(out, nl + 1)) out = out.slice(0, nl + 1);
    }
    part.cooked = out;
  }
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
