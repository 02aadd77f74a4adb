/**
 * The facts a NixOS module generates rather than the user writing them: its
 * units (entries placed at the option that switched the module on), the hosts
 * it serves and the address ranges it uses. The files beside this one, one per
 * nixpkgs module family, build them.
 */
import type { AddressRangeFact, ServesFact, UnitEntry, UnitFact } from '../../../model/facts.js';
import type { Span } from '../../../model/span.js';
import type { AttrsV } from '../eval/value.js';
import { defSpan, force, get, real, firstUserDef, type Reader } from './read.js';

/** An entry the module writes itself: its text placed at the option that switched it on. */
export function synthetic(section: string, key: string, text: string, at: Span): UnitEntry {
  return { section, key, value: { text, file: at.file, segments: [{ offset: 0, line: at.line, column: at.column }] }, span: at };
}

/** A unit a NixOS module writes, placed at the option that switched the module on. */
export function moduleUnit(name: string, at: Span, entries: UnitEntry[]): UnitFact {
  return { kind: 'unit', name, span: at, origin: 'nix', entries };
}

/** Where `<what>.enable = true` is set; null when it is off, unset or unknown (unknown is a note). */
export function enabled(r: Reader, set: AttrsV | undefined, what: string): Span | null {
  const a = get(set, 'enable');
  if (!a) return null;
  const v = force(r, a);
  const span = defSpan(firstUserDef(a.v));
  if (v?.t === 'unknown') {
    r.m.note(`whether ${what} is enabled is unknown (${v.label}): it is left out`, span ?? real(a.key));
    return null;
  }
  return v?.t === 'bool' && v.v && span ? span : null;
}

/** An address range the host uses, at the text that sets it. */
export function range(cidr: string, span: Span, role: AddressRangeFact['role'], label: string): AddressRangeFact {
  return { kind: 'address-range', cidr: { value: cidr, span }, role, label };
}

/** `unit` serves `host` (the endpoint written at `span`). */
export function serves(unit: string, host: string, span: Span, via: string): ServesFact {
  return { kind: 'serves', unit, endpoint: { value: host, span }, via };
}
