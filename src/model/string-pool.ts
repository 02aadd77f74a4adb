/**
 * One string object per distinct name: the section and key names of unit
 * files repeat in every file (`Service`, `ExecStart`, `Unit.After`), and each
 * parse made a new copy of each, held by every entry and every node's
 * directive map until the run ends (bench/README.md, "Throughput"). Bounded,
 * so a hostile file of a million distinct keys, or a language server that
 * runs for days, costs at most `max` entries.
 */
/** How many names a pool holds at most. */
const POOL_MAX = 4096;

export class StringPool {
  private readonly pool = new Map<string, string>();

  constructor(private readonly max = POOL_MAX) {}

  /** `s`, or the equal string this pool already holds. */
  get(s: string): string {
    const held = this.pool.get(s);
    if (held !== undefined) return held;
    if (this.pool.size < this.max) this.pool.set(s, s);
    return s;
  }
}

/** The pool of unit-file section and key names, shared by the parser and the graph builder. */
export const UNIT_NAMES = new StringPool();

/** `Section.Key`, made once per pair while there is room (looked up by its two parts: no string is built to find it). */
const directiveKeys = new Map<string, Map<string, string>>();
let directiveKeyCount = 0;

export function directiveKey(section: string, key: string): string {
  let bySection = directiveKeys.get(section);
  const held = bySection?.get(key);
  if (held !== undefined) return held;
  const made = `${section}.${key}`;
  if (directiveKeyCount < POOL_MAX) {
    if (!bySection) directiveKeys.set(section, (bySection = new Map()));
    bySection.set(key, made);
    directiveKeyCount++;
  }
  return made;
}
