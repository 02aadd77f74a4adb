/**
 * Specifier expansion (systemd.unit(5) "SPECIFIERS") for the ones a static
 * reader can know from the unit name alone. Others are left in place, so a name
 * that still holds `%` is treated as unknown rather than guessed.
 */
import { parseUnitName, unescapeUnitPart } from './names.js';

export function expandSpecifiers(value: string, unitName: string): string {
  if (!value.includes('%')) return value;
  const u = parseUnitName(unitName);
  if (!u) return value;
  const dash = u.prefix.lastIndexOf('-');
  const last = dash >= 0 ? u.prefix.slice(dash + 1) : u.prefix;
  const known: Record<string, string> = {
    n: unitName,
    N: u.stem,
    p: u.prefix,
    P: unescapeUnitPart(u.prefix),
    i: u.instance ?? '',
    I: unescapeUnitPart(u.instance ?? ''),
    j: last,
    J: unescapeUnitPart(last),
    '%': '%',
  };
  return value.replace(/%(.)/g, (all, c: string) => known[c] ?? all);
}

export function hasUnresolvedSpecifier(value: string): boolean {
  if (!value.includes('%')) return false;
  return /%[^%]/.test(value.replace(/%%/g, ''));
}
