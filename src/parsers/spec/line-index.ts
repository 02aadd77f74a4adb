/**
 * Offset → 1-based line/column for whole-file parsers (YAML, TOML, Python) that
 * report string offsets. Columns count UTF-16 code units, like every other
 * Span in the project (JS string indices, tree-sitter's UTF-16 positions).
 */
import type { Span } from '../../model/span.js';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.starts[lo]! + 1 };
  }

  span(start: number, end: number): Span {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** Offset of 1-based line/column (the inverse of position). */
  offset(line: number, column: number): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
    return Math.min(start + column - 1, this.text.length);
  }

  /** Span of the first line: where whole-file facts point. */
  firstLine(): Span {
    const end = this.text.indexOf('\n');
    const stop = end < 0 ? this.text.length : end;
    return this.span(0, this.text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop);
  }
}
