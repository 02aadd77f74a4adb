/** Durations as coreutils `sleep`/`timeout` and curl write them, in seconds. */

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** `30`, `2.5`, `5m`, `1h`, `infinity` (→ Infinity). undefined when not a literal duration. */
export function parseDuration(text: string): number | undefined {
  if (text === 'inf' || text === 'infinity') return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * UNIT[m[2]!]!;
}

/** Plain (fractional) seconds, as curl and wait-for-it take them. */
export function parseSeconds(text: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function parseInteger(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
