/**
 * Strings with a way back to the source. A string literal's text maps
 * character by character to where it is written (through escapes and
 * indented-string indentation stripping); text spliced in by `${…}` maps to the
 * interpolation; computed text maps nowhere. Context (which `pkgs.X` a string
 * refers to) is a set carried along every concatenation.
 */
import type { OffsetSegment, Span } from '../../../model/span.js';
import type { IndStr, IndStrLit, Str, StrLit } from '../syntax/ast.js';
import { Thunk, type StrSource, type StrV } from './value.js';
import { spanOf } from '../syntax/positions.js';
import { checkStringLength } from './budget.js';

/** Beyond this many segments a string (built in a loop) stops tracking its source. */
const MAX_SEGMENTS = 20000;

/** Files the evaluator synthesises (the lib prelude) have names like `<deploy-lint/lib.nix>`: no source positions. */
export function isVirtualFile(file: string): boolean {
  return file.startsWith('<');
}

export interface LitPiece {
  text: string;
  /** Segments relative to the piece's own start. */
  segments: OffsetSegment[];
}

/** A `"…"` literal run: escapes make the map jump. */
export function strLitPiece(p: StrLit): LitPiece {
  let piece = p.memo as LitPiece | undefined;
  if (piece) return piece;
  const segments: OffsetSegment[] = [{ offset: 0, line: spanOf(p).line, column: spanOf(p).column }];
  if (p.raw !== p.value) {
    let line = spanOf(p).line;
    let column = spanOf(p).column;
    let j = 0;
    for (let i = 0; i < p.raw.length; ) {
      const c = p.raw.charCodeAt(i);
      if (c === 92 /* \ */ && i + 1 < p.raw.length) {
        const next = p.raw.charCodeAt(i + 1);
        if (next === 10) {
          line++;
          column = 1;
        } else column += 2;
        i += 2;
        j++;
        segments.push({ offset: j, line, column });
        continue;
      }
      if (c === 10) {
        line++;
        column = 1;
      } else column++;
      i++;
      j++;
    }
    if (j !== p.value.length) segments.length = 1; // unexpected escape shape: keep the start only
  }
  piece = { text: p.value, segments };
  p.memo = piece;
  return piece;
}

/** An indented-string piece: its cooked text, each line mapped past the stripped indentation. */
export function indLitPiece(p: IndStrLit): LitPiece {
  let piece = p.memo as LitPiece | undefined;
  if (piece) return piece;
  const segments: OffsetSegment[] = [{ offset: 0, line: spanOf(p).line, column: spanOf(p).column }];
  if (!p.escape && p.raw === p.value && p.cooked !== p.value) {
    const vlines = p.value.split('\n');
    const clines = p.cooked.split('\n');
    let offset = 0;
    let ok = true;
    for (let k = 0; k < clines.length; k++) {
      const v = vlines[k];
      const c = clines[k]!;
      if (v === undefined || !v.endsWith(c)) {
        ok = false;
        break;
      }
      const drop = v.length - c.length;
      if (k === 0) {
        if (drop) segments[0] = { offset: 0, line: spanOf(p).line, column: spanOf(p).column + drop };
      } else if (drop) segments.push({ offset, line: spanOf(p).line + k, column: 1 + drop });
      offset += c.length + 1;
    }
    if (!ok) segments.length = 1;
  }
  piece = { text: p.cooked, segments };
  p.memo = piece;
  return piece;
}

/** Accumulates a string from parts, keeping the source map when the parts allow one. */
export class StrBuilder {
  text = '';
  private ctx: Set<string> | undefined;
  private file: string | undefined;
  private segments: OffsetSegment[] = [];
  private mapped = true;
  origin: Span | undefined;

  constructor(file?: string) {
    if (file !== undefined && !isVirtualFile(file)) this.file = file;
    else this.mapped = file === undefined;
  }

  addContext(ctx: ReadonlySet<string> | undefined): void {
    if (!ctx || ctx.size === 0) return;
    const into = (this.ctx ??= new Set());
    ctx.forEach((c) => into.add(c));
  }

  /** Literal text written in `file` at the given relative segments. */
  addLiteral(piece: LitPiece, file: string): void {
    checkStringLength(this.text.length + piece.text.length, undefined);
    this.place(piece.segments, file);
    this.text += piece.text;
  }

  /**
   * Another string: its own map if it is in this string's file and `keepMap`,
   * else the `at` span (an interpolation or operand), else nothing.
   */
  addString(s: StrV, at: Span | undefined, keepMap: boolean): void {
    checkStringLength(this.text.length + s.s.length, at);
    this.addContext(s.ctx);
    const start = this.text.length;
    if (keepMap && s.src && (this.file === undefined || this.file === s.src.file) && this.mapped) {
      this.place(s.src.segments, s.src.file);
    } else if (at && !isVirtualFile(at.file)) {
      this.placeClamped(at, s.s);
    }
    this.text += s.s;
    // Whatever follows the spliced text starts after the interpolation, not inside it.
    if (at && !keepMap && s.s.length && this.file === at.file) {
      this.segments.push({ offset: start + s.s.length, line: at.endLine, column: at.endColumn });
    }
  }

  private place(rel: readonly OffsetSegment[], file: string): void {
    if (!this.startPlacing(file)) return;
    const base = this.text.length;
    for (let i = 0; i < rel.length; i++) {
      const s = rel[i]!;
      this.segments.push({ offset: base + s.offset, line: s.line, column: s.column });
    }
    if (this.segments.length > MAX_SEGMENTS) this.mapped = false;
  }

  /** Spliced `text` mapped onto the interpolation `at` (clampedTo's segments, made in place). */
  private placeClamped(at: Span, text: string): void {
    if (!this.startPlacing(at.file)) return;
    clampedTo(at, text, this.text.length, this.segments);
    if (this.segments.length > MAX_SEGMENTS) this.mapped = false;
  }

  /** Whether text placed from `file` is mapped; if so, drops the segments a placement at the end replaces. */
  private startPlacing(file: string): boolean {
    if (!this.mapped) return false;
    if (this.file === undefined) {
      if (isVirtualFile(file)) {
        this.mapped = false;
        return false;
      }
      this.file = file;
    }
    if (file !== this.file) return false;
    const base = this.text.length;
    // A later segment at the same offset replaces the earlier one.
    while (this.segments.length && this.segments[this.segments.length - 1]!.offset >= base) this.segments.pop();
    return true;
  }

  build(extra?: { lit?: Span }): StrV {
    const v: StrV = { t: 'string', s: this.text };
    if (this.ctx && this.ctx.size) v.ctx = this.ctx;
    if (this.mapped && this.file !== undefined && this.segments.length && this.segments[0]!.offset === 0) {
      v.src = { file: this.file, segments: this.segments };
    }
    if (extra?.lit) v.lit = extra.lit;
    if (this.origin) v.origin = this.origin;
    return v;
  }
}

/** Spliced text longer than this keeps only its start and end positions. */
const MAX_CLAMPED = 4096;

/**
 * Spliced text maps onto the interpolation that produced it: character by
 * character while it fits, then every further character at the last column
 * inside `${…}`, so no span computed from it reaches beyond the interpolation
 * (also through consumers that slice the text and drop the end marker).
 * The segments are appended to `segs`, offset by `base`.
 */
function clampedTo(at: Span, text: string, base: number, segs: OffsetSegment[]): void {
  segs.push({ offset: base, line: at.line, column: at.column });
  const width = at.line === at.endLine ? at.endColumn - at.column : Infinity;
  if ((text.length <= width && !text.includes('\n')) || text.length > MAX_CLAMPED) return;
  const last = at.line === at.endLine ? at.endColumn - 1 : at.column;
  for (let i = 1; i < text.length; i++) {
    const column = Math.min(at.column + i, last);
    if (column === at.column + i && text.charCodeAt(i - 1) !== 10) continue; // still advancing naturally
    segs.push({ offset: base + i, line: at.line, column });
  }
}

/**
 * The literal pieces of a string node without interpolation, as one value:
 * kept in the node's memo as a forced thunk, which every evaluation of the
 * literal shares (Machine.mk).
 */
export function constantLiteral(node: Str | IndStr): StrV | undefined {
  return (node.memo as Thunk | undefined)?.value as StrV | undefined;
}

export function constantLiteralThunk(node: Str | IndStr): Thunk | undefined {
  return node.memo as Thunk | undefined;
}

export function rememberConstant(node: Str | IndStr, v: StrV): void {
  node.memo = new Thunk(node, null, null, v);
}

/** A string with a single-position map (attribute names turned into strings, file contents). */
export function strAt(s: string, at: Span | undefined, ctx?: ReadonlySet<string>): StrV {
  const v: StrV = { t: 'string', s };
  if (ctx && ctx.size) v.ctx = ctx;
  if (at && !isVirtualFile(at.file)) {
    v.src = { file: at.file, segments: [{ offset: 0, line: at.line, column: at.column }] } satisfies StrSource;
    v.origin = at;
  }
  return v;
}

export function unionContext(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (!a || a.size === 0) return b;
  if (!b || b.size === 0) return a;
  const out = new Set(a);
  for (const c of b) out.add(c);
  return out;
}
