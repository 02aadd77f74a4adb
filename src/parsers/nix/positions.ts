/**
 * Positions in a parsed Nix text.
 *
 * Offsets in the tree count UTF-16 code units of the parsed string (what
 * `text.slice(node.offset, node.endOffset)` needs). Lines and columns are not
 * stored on nodes: a node's span is computed from its offsets on first read
 * (SourceLines), because most spans are never read and building them all was
 * about a tenth of a cold parse. Nix itself counts bytes; `utf8Offset`
 * converts for consumers that need byte positions (identical for ASCII).
 */
import type { Span } from '../../model/span.js';

/** What spanOf needs: every syntax-tree node and comment has it. */
export interface Positioned {
  source: SourceLines;
  offset: number;
  endOffset: number;
  cachedSpan: Span | undefined;
}

/** The node's span (computed once, then kept on the node). */
export function spanOf(n: Positioned): Span {
  return (n.cachedSpan ??= n.source.span(n.offset, n.endOffset));
}

/**
 * Line starts of one text, built on first use. Like Nix, `\n`, `\r\n` and a
 * lone `\r` each end a line.
 */
export class SourceLines {
  private starts: Int32Array | null = null;
  private count = 0;

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {}

  /** The span from `offset` to `endOffset` (exclusive). */
  span(offset: number, endOffset: number): Span {
    const a = this.lineOf(offset);
    const b = endOffset === offset ? a : this.lineOf(endOffset);
    const starts = this.starts!;
    return { file: this.file, line: a + 1, column: offset - starts[a]! + 1, endLine: b + 1, endColumn: endOffset - starts[b]! + 1 };
  }

  /** 0-based index of the line holding `offset`. */
  private lineOf(offset: number): number {
    const starts = this.starts ?? this.build();
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private build(): Int32Array {
    const s = this.text;
    let starts = new Int32Array(64);
    let count = 1; // starts[0] = 0
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (c === 13 && s.charCodeAt(i + 1) === 10) i++;
      if (count === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = i + 1;
    }
    this.starts = starts;
    this.count = count;
    return starts;
  }
}

/** UTF-8 byte offset of the UTF-16 offset `offset` in `text`. */
export function utf8Offset(text: string, offset: number): number {
  let bytes = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
