/** Units that nixpkgs modules outside the repository make, taken to exist when the repository refers to them. */
import type { Fact, UnitFact } from '../../../model/facts.js';
import type { Span } from '../../../model/span.js';
import type { AttrsV } from '../eval/value.js';
import { moduleUnit } from './module-facts.js';
import { attrs, defSpan, force, get, guard, real, firstUserDef, type Reader } from './read.js';

/**
 * Units NixOS modules outside the repository make. A repository unit that
 * orders itself after, or pulls in, a `NAME.service` nothing here defines
 * refers to the unit of nixpkgs' `services.NAME` module when that is enabled
 * (most name their unit so: jellyfin, headscale, postgresql), or to one of the
 * units `services.PREFIX` makes when the repository configures it
 * (`nextcloud-setup` of services.nextcloud, `phpfpm-POOL` of services.phpfpm,
 * `authelia-INSTANCE` of services.authelia). That unit is taken to exist, with
 * nothing known of it (uncertain): no finding says it is missing, or
 * concludes from what it lacks.
 */
export function moduleServiceUnits(r: Reader, services: AttrsV | undefined, facts: readonly Fact[], security?: AttrsV): UnitFact[] {
  const units = facts.filter((f): f is UnitFact => f.kind === 'unit');
  const defined = new Set(units.map((u) => u.name));
  const referenced = new Set<string>();
  for (const u of units) {
    for (const e of u.entries) {
      if (e.section !== 'Unit' && e.section !== 'Install') continue;
      for (const word of e.value.text.split(/\s+/)) if (word.endsWith('.service') && !defined.has(word)) referenced.add(word);
    }
  }
  const out: UnitFact[] = [];
  for (const unit of [...referenced].sort()) {
    const at = moduleOf(r, services, unit.slice(0, -'.service'.length)) ?? acmeCert(r, security, unit);
    if (!at) continue;
    r.m.note(`${unit} is taken to be made by ${at.option}, a NixOS module outside the repository`, at.span);
    out.push({ ...moduleUnit(unit, at.span, []), uncertain: true });
  }
  return out;
}

/** `services.NAME` enabled, or `services.PREFIX` configured for a unit named `PREFIX-…`; where it is set. */
function moduleOf(r: Reader, services: AttrsV | undefined, name: string): { option: string; span: Span } | null {
  const own = get(services, name);
  if (own) {
    const a = get(attrs(guard(r, undefined, undefined, () => force(r, own))), 'enable');
    const on = a ? guard(r, undefined, undefined, () => force(r, a)) : undefined;
    const span = a ? defSpan(firstUserDef(a.v)) ?? real(a.key) : undefined;
    if (span && ((on?.t === 'bool' && on.v) || on?.t === 'unknown')) return { option: `services.${name}`, span };
  }
  for (let cut = name.lastIndexOf('-'); cut > 0; cut = name.lastIndexOf('-', cut - 1)) {
    const prefix = name.slice(0, cut);
    const a = get(services, prefix);
    if (a) guard(r, undefined, undefined, () => force(r, a)); // a merged value knows its definitions once forced
    const def = a ? firstUserDef(a.v) : undefined;
    const span = defSpan(def) ?? (def && a ? real(a.key) : undefined);
    if (span) return { option: `services.${prefix}`, span };
  }
  return null;
}

/** `acme-NAME.service`, which nixpkgs' security.acme makes for each `security.acme.certs.NAME`. */
function acmeCert(r: Reader, security: AttrsV | undefined, unit: string): { option: string; span: Span } | null {
  const name = /^acme-(.+)\.service$/.exec(unit)?.[1];
  if (!name) return null;
  const certs = attrs(guard(r, undefined, undefined, () => force(r, get(attrs(guard(r, undefined, undefined, () => force(r, get(security, 'acme')))), 'certs'))));
  const a = get(certs, name);
  const span = a ? real(a.key) ?? real(a.bind) : undefined;
  return span ? { option: `security.acme.certs."${name}"`, span } : null;
}
