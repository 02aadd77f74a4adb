/** nixpkgs' `services.traefik` module, and the router rules traefik reads from Nix. */
import type { Fact, ServesFact } from '../../../model/facts.js';
import { spanIn, type Span } from '../../../model/span.js';
import { parseRouterRule, servedHosts } from '../../stack/router-rule.js';
import type { AttrsV, StrV } from '../eval/value.js';
import { enabled, moduleUnit, serves, synthetic } from './module-facts.js';
import { attrs, defSpan, force, get, guard, names, real, sourceText, firstUserDef, type Reader } from './read.js';

/**
 * `services.traefik` (nixpkgs' module): traefik.service, and one `serves` fact
 * per host the rule of a router in `dynamicConfigOptions.http.routers` names
 * (the same rule parser as docker labels). A rule that does not parse is a
 * warning; a rule that is unknown here is a note.
 */
export function traefik(r: Reader, services: AttrsV | undefined): Fact[] {
  const cfg = attrs(force(r, get(services, 'traefik')));
  const at = enabled(r, cfg, 'services.traefik');
  if (!at) return [];
  const unit = 'traefik.service';
  const out: Fact[] = [
    moduleUnit(unit, at, [
      synthetic('Unit', 'After', 'network-online.target', at),
      synthetic('Unit', 'Wants', 'network-online.target', at),
      synthetic('Service', 'Type', 'simple', at),
      synthetic('Install', 'WantedBy', 'multi-user.target', at),
    ]),
  ];
  const dynamic = attrs(guard(r, at, undefined, () => force(r, get(cfg, 'dynamicConfigOptions'))));
  const http = attrs(guard(r, at, undefined, () => force(r, get(dynamic, 'http'))));
  const routers = attrs(guard(r, at, undefined, () => force(r, get(http, 'routers'))));
  for (const name of routers ? names(routers) : []) {
    const a = routers!.map.get(name)!;
    guard(r, a.key, undefined, () => {
      const rule = get(attrs(force(r, a)), 'rule');
      const v = force(r, rule);
      const def = rule ? firstUserDef(rule.v) : undefined;
      const span = v?.t === 'string' ? real(v.lit) ?? defSpan(def) : defSpan(def);
      if (v?.t === 'unknown') r.m.note(`the rule of traefik router ${name} is unknown (${v.label}): its hosts are not known`, span ?? real(a.key));
      if (v?.t !== 'string' || !span) return;
      out.push(...ruleServes(r, unit, v, span, `traefik router ${name}`));
    });
  }
  return out;
}

/** The hosts a traefik router rule written in Nix names, as what `unit` serves. */
export function ruleServes(r: Reader, unit: string, rule: StrV, span: Span, via: string, from = 0): ServesFact[] {
  const text = rule.s.slice(from);
  const parsed = parseRouterRule(text);
  if ('error' in parsed) {
    r.report(`traefik rule (${via}) does not parse: ${parsed.error.message} (character ${parsed.error.offset + 1} of \`${text}\`); its hosts are not known`, span);
    return [];
  }
  const src = sourceText(rule, span);
  return servedHosts(parsed.expr).hosts.map((h) => serves(unit, h.value, spanIn(src, from + h.start, from + h.end), via));
}
