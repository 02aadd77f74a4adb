/**
 * Offsets in the tree count UTF-16 code units of the parsed string (what
 * `text.slice(node.offset, node.endOffset)` needs). Nix itself counts bytes;
 * this converts for consumers that need byte positions (identical for ASCII).
 */

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
