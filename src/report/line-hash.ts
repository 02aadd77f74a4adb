/**
 * GitHub code scanning's `primaryLocationLineHash`: the fingerprint GitHub
 * matches alerts by across runs. Its upload step computes it itself from the
 * file when a result lacks it, and warns ("inconsistent fingerprint value")
 * when a result carries a different one, so we compute exactly its value:
 * a rolling hash (base 37, 64-bit wrap-around) over the first 100 characters
 * from the start of each line, spaces and tabs skipped, CR and CRLF read as
 * LF, the end of the file marked by 0xFFFF then zeros; the value is the hash
 * in hex, `:` and how many earlier lines had the same hash plus one.
 * Characters are UTF-16 code units, as in a JavaScript string.
 */
const BLOCK = 100;
const BASE = 37n;
const MASK = (1n << 64n) - 1n;
const END_OF_FILE = 0xffff;
/** BASE^BLOCK mod 2^64: the weight of the character that leaves the window. */
const LEAVING = (() => {
  let m = 1n;
  for (let i = 0; i < BLOCK; i++) m = (m * BASE) & MASK;
  return m;
})();

/** The hash of every line of `text`, index 0 = line 1. */
export function lineHashes(text: string): string[] {
  const out: string[] = [];
  const window = new Array<number>(BLOCK).fill(0);
  const startsLine = new Array<number>(BLOCK).fill(-1); // line number starting at this window slot, or -1
  const seen = new Map<string, number>();
  let hash = 0n;
  let slot = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  const emit = (): void => {
    const hex = hash.toString(16);
    const n = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, n);
    out[startsLine[slot]! - 1] = `${hex}:${n}`;
    startsLine[slot] = -1;
  };
  const push = (c: number): void => {
    hash = (hash * BASE + BigInt(c) - LEAVING * BigInt(window[slot]!)) & MASK;
    window[slot] = c;
    slot = (slot + 1) % BLOCK;
  };
  const read = (code: number): void => {
    let c = code;
    if (c === 0x20 || c === 0x09 || (afterCR && c === 0x0a)) {
      afterCR = false;
      return;
    }
    afterCR = c === 0x0d;
    if (afterCR) c = 0x0a;
    if (startsLine[slot] !== -1) emit();
    if (atLineStart) {
      atLineStart = false;
      startsLine[slot] = ++line;
    }
    if (c === 0x0a) atLineStart = true;
    push(c);
  };

  for (let i = 0; i < text.length; i++) read(text.charCodeAt(i));
  read(END_OF_FILE);
  for (let i = 0; i < BLOCK; i++) {
    if (startsLine[slot] !== -1) emit();
    push(0);
  }
  return out;
}
