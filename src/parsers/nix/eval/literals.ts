/**
 * Literals: strings (with their source maps and context), paths (absolute
 * repository paths, canonical), and `__curPos`.
 */
import { dirname, posix, resolve } from 'node:path';
import type { Span } from '../../../model/span.js';
import type { Expr, IndStr, Str } from '../syntax/ast.js';
import { coerceToString } from './coerce.js';
import type { Env } from './env.js';
import type { Machine } from './machine.js';
import { constantLiteral, indLitPiece, rememberConstant, StrBuilder, strLitPiece } from './strings.js';
import { attrs, int, str, Thunk, unknown, type Attr, type Value } from './value.js';
import { spanOf } from '../syntax/positions.js';
import { stringUnits } from './budget.js';

export function curPos(m: Machine, at: Span): Value {
  const pos = new Map<string, Attr>();
pos.set('column', { v: Thunk.of(int(BigInt(at.column))) });
pos.set('file', { v: Thunk.of(str(resolve(m.cwd, at.file))) });
pos.set('line', { v: Thunk.of(int(BigInt(at.line))) });
return attrs(pos);
}

export function evalString(m: Machine, e: Str | IndStr, env: Env): Value {
  const c = constantLiteral(e);
  if (c) return c;
  const file = e.source.file;
  const b = new StrBuilder(file);
  let spliced = false;
  for (let i = 0; i < e.parts.length; i++) {
    const p = e.parts[i]!;
    if (p.kind === 'Lit') b.addLiteral(strLitPiece(p), file);
    else if (p.kind === 'IndLit') b.addLiteral(indLitPiece(p), file);
    else {
      spliced = true;
      const s = coerceToString(m, m.eval(p.expr, env), 'interp', spanOf(p));
      if (s.t === 'unknown') return s;
      b.addString(s, spanOf(p), false);
      if (s.origin) b.origin = s.origin;
    }
  }
  b.origin ??= spanOf(e);
  const v = b.build(spliced ? {} : { lit: spanOf(e) });
  if (spliced) m.alloc(stringUnits(v.s.length), spanOf(e));
  if (!spliced) rememberConstant(e, v);
  return v;
}

export function evalPath(m: Machine, e: Extract<Expr, { kind: 'Path' }>, env: Env): Value {
  let text = '';
  for (let i = 0; i < e.parts.length; i++) {
    const p = e.parts[i]!;
    if (p.kind === 'Lit') text += p.value;
    else {
      const s = coerceToString(m, m.eval(p.expr, env), 'interp', spanOf(p));
      if (s.t === 'unknown') return s;
      text += s.s;
    }
  }
  if (e.pathKind === 'home') return unknown('a path under the home directory is not in the repository', text, spanOf(e));
  const abs = e.pathKind === 'absolute' ? text : resolve(dirname(m.absFile(spanOf(e).file)), text);
  return { t: 'path', p: canonicalPath(abs) };
}

/** Nix's canonPath: absolute, `.`/`..` resolved, no trailing slash. */
export function canonicalPath(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}
