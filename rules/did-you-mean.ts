/**
 * "Did you mean": the known name within a few edits of a misspelt one, or
 * nothing. A suggestion must be close for the name's length (one edit in a
 * short name, at most three in a long one), and it is only a hint: fixes built
 * from it are never `safe`. Bounded work, whatever the repository holds: the
 * candidates are sorted and bucketed by length once, only buckets within the
 * allowed distance are scanned, each comparison stops as soon as it exceeds
 * that distance, and names longer than MAX_NAME_LENGTH get no suggestion.
 */

/** Longer names are generated or hostile, not typed: no suggestion, no quadratic work. */
export const MAX_NAME_LENGTH = 100;

/** The edits a name of this length may be away from its suggestion. */
export function allowedDistance(length: number): number {
  return length <= 2 ? 0 : length <= 8 ? 1 : length <= 16 ? 2 : 3;
}

export class NameIndex {
  /** Candidates by length, each bucket sorted: scanned shortest first, the first of equal distance wins. */
  private readonly byLength = new Map<number, { name: string; lower: string }[]>();

  constructor(names: Iterable<string>) {
    for (const name of [...new Set(names)].sort()) {
      if (name.length > MAX_NAME_LENGTH) continue;
      let bucket = this.byLength.get(name.length);
      if (!bucket) this.byLength.set(name.length, (bucket = []));
      bucket.push({ name, lower: name.toLowerCase() });
    }
  }

  /** The closest candidate within allowedDistance(name), or undefined; `accept` narrows the candidates. */
  closest(name: string, accept: (candidate: string) => boolean = () => true, max = allowedDistance(name.length)): string | undefined {
    if (name.length > MAX_NAME_LENGTH || max <= 0) return undefined;
    const lower = name.toLowerCase();
    let best: string | undefined;
    let bestD = max + 1;
    for (let len = name.length - max; len <= name.length + max; len++) {
      for (const c of this.byLength.get(len) ?? []) {
        if (c.lower === lower || !accept(c.name) || bagDistance(lower, c.lower) >= bestD) continue;
        const d = boundedDistance(lower, c.lower, bestD - 1);
        if (d < bestD) {
          best = c.name;
          bestD = d;
        }
      }
    }
    return best;
  }
}

/** The closest known name by edit distance, when it is close enough to be a typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  return new NameIndex(known).closest(name);
}

/**
 * Edit distance of a and b, a swap of two neighbours counting as one edit
 * (`Restrat` → `Restart`; optimal string alignment), or max + 1 as soon as it
 * is certain to exceed max. Only the diagonal band |i - j| <= max can hold a distance within max
 * (Ukkonen), so each row costs 2·max + 1 cells, and the smallest value of a row
 * never decreases, so a row above max ends the comparison.
 */
const counts = new Int32Array(128);

/**
 * A lower bound of the edit distance that costs one pass over each name: an
 * edit removes at most one surplus character from each side, so the distance
 * is at least the larger of the two multiset differences (characters outside
 * ASCII share a slot, which only lowers the bound).
 */
export function bagDistance(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) counts[a.charCodeAt(i) & 127]!++;
  for (let i = 0; i < b.length; i++) counts[b.charCodeAt(i) & 127]!--;
  let surplusA = 0;
  let surplusB = 0;
  for (let i = 0; i < a.length; i++) {
    const k = a.charCodeAt(i) & 127;
    const v = counts[k]!;
    if (v > 0) surplusA += v;
    counts[k] = 0;
  }
  for (let i = 0; i < b.length; i++) {
    const k = b.charCodeAt(i) & 127;
    const v = counts[k]!;
    if (v < 0) surplusB -= v;
    counts[k] = 0;
  }
  return Math.max(surplusA, surplusB);
}

/** Two rows reused by every comparison (names are at most MAX_NAME_LENGTH long; a longer key grows them once). */
let rowA = new Int32Array(MAX_NAME_LENGTH + 1);
let rowB = new Int32Array(MAX_NAME_LENGTH + 1);
let rowC = new Int32Array(MAX_NAME_LENGTH + 1);

export function boundedDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  const over = max + 1;
  if (rowA.length <= m) {
    rowA = new Int32Array(2 * (m + 1));
    rowB = new Int32Array(2 * (m + 1));
    rowC = new Int32Array(2 * (m + 1));
  }
  let before = rowC;
  let prev = rowA;
  let cur = rowB;
  prev.fill(over, 0, m + 1);
  before.fill(over, 0, m + 1);
  for (let j = 0; j <= Math.min(m, max); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    cur.fill(over, Math.max(0, lo - 1), Math.min(m, hi + 1) + 1);
    cur[0] = i <= max ? i : over;
    let rowMin = cur[0]!;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === b.charCodeAt(j - 1) ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, before[j - 2]! + 1);
      cur[j] = v > over ? over : v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return over;
    [before, prev, cur] = [prev, cur, before];
  }
  return Math.min(prev[m]!, over);
}
