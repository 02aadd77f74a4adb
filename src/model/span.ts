/**
 * Source locations. Every fact, edge and finding carries one, because a finding
 * without an exact place is not worth printing.
 *
 * Lines and columns are 1-based; `endColumn` is exclusive (the column just after
 * the last character), as in SARIF and most editors.
 */
export interface Span {
  /** Path relative to the run's root (the repository root from the CLI, src/config/root.ts), forward slashes; absolute for stock units. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Located<T> {
  value: T;
  span: Span;
}

export function span(file: string, line: number, column: number, endLine = line, endColumn = column): Span {
  return { file, line, column, endLine, endColumn };
}

/** A span covering a whole line of text (for line-oriented formats). */
export function lineSpan(file: string, line: number, text: string): Span {
  return { file, line, column: 1, endLine: line, endColumn: text.length + 1 };
}

/**
 * Whether the text at `s` is in the linted repository. Repository spans are
 * relative to the run's root; the stock unit catalog's point at
 * /usr/lib/systemd/system (a NixOS unit over a stock unit mixes both).
 */
export function writtenInRepository(s: Span): boolean {
  return !s.file.startsWith('/');
}

export function compareSpans(a: Span, b: Span): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

export function formatSpan(s: Span): string {
  return `${s.file}:${s.line}:${s.column}`;
}

/**
 * Maps offsets in a derived text (a Nix indented string after indentation
 * stripping, an ExecStart= line after continuation joining) back to the source.
 * Each segment says: text from `offset` on starts at source `line`:`column`, and
 * continues character by character (a newline moves to the next source line,
 * column 1) until the next segment.
 */
export interface OffsetSegment {
  offset: number;
  line: number;
  column: number;
}

/** A piece of text extracted from a file, with the way back to its source. */
export interface SourceText {
  text: string;
  file: string;
  segments: OffsetSegment[];
}

export function sourceTextAt(file: string, text: string, line: number, column: number): SourceText {
  return text.includes('\n') ? { text, file, segments: [{ offset: 0, line, column }] } : new LineText(text, file, line, column);
}

/**
 * A SourceText on one line of its file (`text` holds no newline): nearly every
 * unit file value. Positions are counted from `line` and `column` directly and
 * the one segment is made only for a caller that asks for `segments`. A
 * generated or hostile file can hold a million values: this is one object each
 * instead of four (issue 12). Copy it with its fields, not a spread, which
 * would leave `segments` behind on the prototype.
 */
export class LineText implements SourceText {
  private made: OffsetSegment[] | undefined = undefined;
  constructor(
    readonly text: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
  ) {}

  get segments(): OffsetSegment[] {
    return (this.made ??= [{ offset: 0, line: this.line, column: this.column }]);
  }
}

/**
 * Where the last positionIn() of each text stopped: callers ask for offsets
 * in increasing order (each word of a line), so each call continues from the
 * last instead of counting from the segment's start again. Without it a
 * 349 KB Environment= line took 31 s (issue 12).
 */
const cursors = new WeakMap<SourceText, { seg: number; offset: number; line: number; column: number }>();
/** Offsets this close to their segment's start are counted without the cursor (most values are one short line). */
const SHORT = 256;

/** Index of the last segment that starts at or before `offset` (segments are sorted by offset). */
export function segmentAt(segments: readonly OffsetSegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Source position of `offset` in a SourceText. */
export function positionIn(src: SourceText, offset: number): { line: number; column: number } {
  if (src instanceof LineText) return { line: src.line, column: src.column + Math.max(0, Math.min(offset, src.text.length)) };
  const index = src.segments.length ? segmentAt(src.segments, offset) : -1;
  const seg = src.segments[index] ?? { offset: 0, line: 1, column: 1 };
  let from = seg.offset;
  let line = seg.line;
  let column = seg.column;
  const end = Math.min(offset, src.text.length);
  // A short stretch is counted directly: the cursor is for long texts, where counting from the segment's start again would be quadratic.
  const remember = end - from > SHORT;
  const c = remember ? cursors.get(src) : undefined;
  if (c && c.seg === index && c.offset >= seg.offset && c.offset <= offset) {
    ({ offset: from, line, column } = c);
  }
  for (let i = from; i < end; i++) {
    if (src.text.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  if (remember) cursors.set(src, { seg: index, offset: Math.max(from, end), line, column });
  return { line, column };
}

/** Span of text[start, end) in a SourceText. */
export function spanIn(src: SourceText, start: number, end: number): Span {
  const a = positionIn(src, start);
  const b = positionIn(src, Math.max(start, end));
  return { file: src.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/** The same text without outer whitespace, its segments moved to match. */
export function trimSourceText(src: SourceText): SourceText {
  const lead = src.text.length - src.text.trimStart().length;
  const text = src.text.trim();
  if (lead === 0) return { text, file: src.file, segments: src.segments };
  const first = positionIn(src, lead);
  const segments: OffsetSegment[] = [{ offset: 0, line: first.line, column: first.column }];
  for (const s of src.segments) if (s.offset > lead) segments.push({ ...s, offset: s.offset - lead });
  return { text, file: src.file, segments };
}

/** A slice of a SourceText, still mapped to its source. */
export function sliceSourceText(src: SourceText, start: number, end: number): SourceText {
  const first = positionIn(src, start);
  const segments: OffsetSegment[] = [{ offset: 0, line: first.line, column: first.column }];
  for (const s of src.segments) if (s.offset > start && s.offset < end) segments.push({ ...s, offset: s.offset - start });
  return { text: src.text.slice(start, end), file: src.file, segments };
}
