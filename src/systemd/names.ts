/** Unit names (systemd.unit(5)): `prefix@instance.type`, templates `prefix@.type`. */
import { UNIT_TYPES, type UnitType } from '../model/facts.js';

export interface UnitName {
  name: string;
  type: UnitType;
  /** Everything before the suffix ('a@x' for 'a@x.service'). */
  stem: string;
  /** The part before '@' (or the whole stem). */
  prefix: string;
  /** The part between '@' and the suffix; '' for a template, undefined when there is no '@'. */
  instance?: string;
}

const TYPE_SET: ReadonlySet<string> = new Set(UNIT_TYPES);

export function parseUnitName(name: string): UnitName | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  const type = name.slice(dot + 1);
  if (!TYPE_SET.has(type)) return null;
  const stem = name.slice(0, dot);
  const at = stem.indexOf('@');
  if (at === 0) return null;
  if (at < 0) return { name, type: type as UnitType, stem, prefix: stem };
  return { name, type: type as UnitType, stem, prefix: stem.slice(0, at), instance: stem.slice(at + 1) };
}

export function isUnitName(name: string): boolean {
  return parseUnitName(name) !== null;
}

/** `a@x.service` → `a@.service`; null for a name that is not an instance. */
export function templateOf(name: string): string | null {
  const u = parseUnitName(name);
  if (!u || !u.instance) return null;
  return `${u.prefix}@.${u.type}`;
}

/** NixOS and `systemctl` accept a bare name for a service. */
export function withServiceSuffix(name: string): string {
  return isUnitName(name) ? name : `${name}.service`;
}

/** systemd-escape's unescaping: `\x2d` → `-`, `-` → `/` (for %I and %J). */
export function unescapeUnitPart(s: string): string {
  return s.replace(/-/g, '/').replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
