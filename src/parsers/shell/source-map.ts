/**
 * Spans for text that was derived from a SourceText: words after quote removal,
 * the script inside `sh -c '…'`. Every derived character remembers the offset of
 * the source character it came from, so nested texts map back to the file.
 */
import { LineText, segmentAt, type OffsetSegment, type SourceText, type Span } from '../../model/span.js';

/** Newline offsets of a text, computed once: positionIn() rescans the text on every call. */
const newlineIndex = new WeakMap<SourceText, number[]>();

function newlines(src: SourceText): number[] {
  let nl = newlineIndex.get(src);
  if (!nl) {
    nl = [];
    for (let i = src.text.indexOf('\n'); i >= 0; i = src.text.indexOf('\n', i + 1)) nl.push(i);
    newlineIndex.set(src, nl);
  }
  return nl;
}

/** Index of the first element of a sorted array that is >= x. */
function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Same result as positionIn() from model/span.ts, in logarithmic time. */
export function positionOf(src: SourceText, offset: number): { line: number; column: number } {
  // A text on one line (a unit file's value, most ExecStart= lines): no segment to find, no newline to count or index.
  if (src instanceof LineText) return { line: src.line, column: src.column + Math.max(0, Math.min(offset, src.text.length)) };
  // The last segment starting at or before `offset` (positionIn's choice for sorted segments).
  const seg = src.segments[segmentAt(src.segments, offset)] ?? { offset: 0, line: 1, column: 1 };
  const end = Math.min(offset, src.text.length);
  if (end <= seg.offset) return { line: seg.line, column: seg.column };
  const nl = newlines(src);
  const first = lowerBound(nl, seg.offset);
  const last = lowerBound(nl, end);
  const crossed = last - first;
  if (crossed === 0) return { line: seg.line, column: seg.column + (end - seg.offset) };
  return { line: seg.line + crossed, column: end - nl[last - 1]! };
}

/**
 * A command's span, or how to make it (once): most commands a script runs
 * record nothing, and a probe's endpoint is nearly always one of its words,
 * with its own span.
 */
export type CommandSpan = Span | (() => Span);

export function commandSpanOf(span: CommandSpan): Span {
  return typeof span === 'function' ? span() : span;
}

/** The span of `src.text[start, end)`, made when first asked. */
export function lazySpan(src: SourceText, start: number, end: number): () => Span {
  let made: Span | undefined;
  return () => (made ??= rangeSpan(src, start, end));
}

/** Texts made by deriveSourceText: where each character's source ends, in the parent text. */
const derived = new WeakMap<SourceText, { parent: SourceText; ends: readonly number[] }>();

/**
 * Span of text[start, end). The end is the position just after character end-1,
 * not the position of character `end`: in a derived text the next character may
 * come from far away (after a closing quote, after a Nix interpolation).
 */
export function rangeSpan(src: SourceText, start: number, end: number): Span {
  const a = positionOf(src, start);
  if (end <= start) return { file: src.file, line: a.line, column: a.column, endLine: a.line, endColumn: a.column };
  const d = derived.get(src);
  const parentEnd = d?.ends[end - 1];
  if (d && parentEnd !== undefined && parentEnd > 0) {
    const b = rangeSpan(d.parent, parentEnd - 1, parentEnd);
    return { file: src.file, line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
  }
  const last = positionOf(src, end - 1);
  const nl = src.text.charCodeAt(end - 1) === 10;
  return {
    file: src.file,
    line: a.line,
    column: a.column,
    endLine: nl ? last.line + 1 : last.line,
    endColumn: nl ? 1 : last.column + 1,
  };
}

/**
 * A new SourceText whose character i comes from `src.text[offsets[i]..ends[i])`. A segment
 * starts wherever the mapping is not one-to-one with the source (an escape, a
 * removed quote, a substituted specifier) and wherever the source has one.
 */
export function deriveSourceText(src: SourceText, text: string, offsets: readonly number[], ends: readonly number[]): SourceText {
  const boundaries = new Set(src.segments.map((s) => s.offset));
  const segments: OffsetSegment[] = [];
  let prev = Number.NaN;
  for (let i = 0; i < text.length; i++) {
    const o = offsets[i] ?? prev;
    // A run continues only while it copies consecutive source characters that
    // are themselves the same characters: positionIn counts newlines in the
    // derived text, so an escape producing a newline must start a fresh segment.
    const sameChar = src.text[o] === text[i];
    if (i === 0 || o !== prev + 1 || boundaries.has(o) || !sameChar || !(src.text[prev] === text[i - 1])) {
      const p = positionOf(src, o);
      segments.push({ offset: i, line: p.line, column: p.column });
    }
    prev = o;
  }
  if (segments.length === 0) {
    const p = positionOf(src, offsets[0] ?? 0);
    segments.push({ offset: 0, line: p.line, column: p.column });
  }
  const out: SourceText = { text, file: src.file, segments };
  derived.set(out, { parent: src, ends });
  return out;
}
