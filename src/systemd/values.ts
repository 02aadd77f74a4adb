/** Reading directive values as systemd does. */
import type { UnitEntry } from '../model/facts.js';

/** The assignment in effect for a single-valued directive: the last one (`Section.Key`). */
export function lastValue(directives: ReadonlyMap<string, UnitEntry[]>, key: string): UnitEntry | undefined {
  const list = directives.get(key);
  return list?.[list.length - 1];
}

/** systemd's boolean parsing (parse_boolean). */
export function parseBool(s: string | undefined): boolean | undefined {
  if (s === undefined) return undefined;
  const v = s.trim().toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(v)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(v)) return false;
  return undefined;
}
