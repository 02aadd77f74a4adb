/**
 * Positions in a parsed Nix text.
 *
 * Offsets in the tree count UTF-16 code units of the parsed string (what
 * `text.slice(node.offset, node.endOffset)` needs). Lines and columns are not
 * stored on nodes: `spanOf` computes a node's span from its offsets and its
 * file's LineIndex on first read, because most spans are never read and
 * building them all while parsing was about a tenth of a cold parse. Nix itself counts bytes; `utf8Offset`
 * converts for consumers that need byte positions (identical for ASCII).
 */
import type { Span } from '../../../model/span.js';
import type { LineIndex } from '../../line-index.js';

/** What spanOf needs: every syntax-tree node and comment has it. */
export interface Positioned {
  /** The parsed file's LineIndex (Nix line breaks: `new LineIndex(file, text, 'any')`). */
  source: LineIndex;
  offset: number;
  endOffset: number;
  cachedSpan: Span | undefined;
}

/** The node's span (computed once, then kept on the node). */
export function spanOf(n: Positioned): Span {
  return (n.cachedSpan ??= n.source.span(n.offset, n.endOffset));
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
