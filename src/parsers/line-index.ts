/**
 * Offset → 1-based line/column for parsers that report string offsets (YAML,
 * TOML, Python, Nix). Columns count UTF-16 code units, like every other Span
 * in the project (JS string indices, tree-sitter's UTF-16 positions). The line
 * starts are found on first use: most of a file's offsets never become spans.
 */
import type { Span } from '../model/span.js';

/** What ends a line: `\n` (its `\r` stays on the line), or, as in Nix, `\n`, `\r\n` and a lone `\r` alike. */
export type LineBreaks = 'lf' | 'any';

export class LineIndex {
  private starts: number[] | null = null;

  constructor(
    readonly file: string,
    readonly text: string,
    private readonly breaks: LineBreaks = 'lf',
  ) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    // Line ends found by indexOf, not a loop over every code unit (run interpreted, once per file of megabytes).
    const s = this.text;
    const starts = [0];
    let n = s.indexOf('\n');
    let r = this.breaks === 'any' ? s.indexOf('\r') : -1;
    while (n >= 0 || r >= 0) {
      if (r >= 0 && (n < 0 || r < n)) {
        // `\r\n` ends one line (the `\n` is the next one found), a lone `\r` one too.
        const end = n === r + 1 ? n : r;
        starts.push(end + 1);
        if (end === n) n = s.indexOf('\n', end + 1);
        r = s.indexOf('\r', end + 1);
      } else {
        starts.push(n + 1);
        n = s.indexOf('\n', n + 1);
      }
    }
    return (this.starts = starts);
  }

  position(offset: number): { line: number; column: number } {
    const at = this.clamp(offset);
    const line = this.lineIndexOf(at);
    return { line: line + 1, column: at - this.starts![line]! + 1 };
  }

  span(start: number, end: number): Span {
    // Without position()'s two objects: spans are made for many syntax nodes.
    const a = this.clamp(start);
    const b = this.clamp(Math.max(start, end));
    const la = this.lineIndexOf(a);
    const lb = this.lineIndexOf(b);
    const starts = this.starts!;
    return { file: this.file, line: la + 1, column: a - starts[la]! + 1, endLine: lb + 1, endColumn: b - starts[lb]! + 1 };
  }

  private clamp(offset: number): number {
    return Math.max(0, Math.min(offset, this.text.length));
  }

  /** The line found last: offsets are mostly asked for near each other (a node's start and end, its children). */
  private hint = 0;

  /** 0-based line of a clamped offset (the line starts are found on the first call). */
  private lineIndexOf(at: number): number {
    const starts = this.lineStarts();
    const h = this.hint;
    if (starts[h]! <= at && (h + 1 === starts.length || starts[h + 1]! > at)) return h;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return (this.hint = lo);
  }

  /** Offset of 1-based line/column (the inverse of position). */
  offset(line: number, column: number): number {
    const starts = this.lineStarts();
    const start = starts[Math.max(0, Math.min(line - 1, starts.length - 1))] ?? 0;
    return Math.min(start + column - 1, this.text.length);
  }

  /** Span of the first line: where whole-file facts point. */
  firstLine(): Span {
    const end = this.text.indexOf('\n');
    const stop = end < 0 ? this.text.length : end;
    return this.span(0, this.text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop);
  }
}
