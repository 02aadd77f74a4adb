/** nixpkgs' web server modules, nginx and caddy: the service unit, and the virtual hosts it serves. */
import type { Fact } from '../../../model/facts.js';
import type { AttrsV } from '../eval/value.js';
import { enabled, moduleUnit, serves, synthetic } from './module-facts.js';
import { attrs, defSpan, elementSpan, force, get, guard, listItems, names, real, firstUserDef, type Reader } from './read.js';

/** nginx and caddy: the service unit, and one `serves` fact per virtual host name and alias. */
export function webServers(r: Reader, services: AttrsV | undefined): Fact[] {
  const out: Fact[] = [];
  for (const [server, nameOpt] of [['nginx', 'serverName'], ['caddy', 'hostName']] as const) {
    const cfg = attrs(force(r, get(services, server)));
    const at = enabled(r, cfg, `services.${server}`);
    if (!at) continue;
    const unit = `${server}.service`;
    out.push(moduleUnit(unit, at, [synthetic('Unit', 'After', 'network.target', at), synthetic('Install', 'WantedBy', 'multi-user.target', at)]));
    const hosts = attrs(guard(r, at, undefined, () => force(r, get(cfg, 'virtualHosts'))));
    const hostNames = hosts ? names(hosts) : [];
    for (let i = 0; i < hostNames.length; i++) {
      const name = hostNames[i]!;
      const a = hosts!.map.get(name)!;
      guard(r, a.key, undefined, () => {
        const vh = attrs(force(r, a));
        const keySpan = real(a.key) ?? real(a.bind);
        const n = get(vh, nameOpt);
        const nv = force(r, n);
        const nDef = n ? firstUserDef(n.v) : undefined;
        if (nv?.t === 'string' && nDef) {
          const span = real(nv.lit) ?? defSpan(nDef);
          if (span) out.push(serves(unit, nv.s, span, `${server} virtualHosts.${name}.${nameOpt}`));
        } else if (nv?.t === 'unknown') {
          r.m.note(`${server} virtual host ${name}: its name is unknown`, keySpan);
        } else if (keySpan) out.push(serves(unit, name, keySpan, `${server} virtualHosts`));
        const aliases = get(vh, 'serverAliases');
        for (const it of aliases ? listItems(r, aliases.v) : []) {
          if (it.value.t !== 'string') continue;
          const span = elementSpan(r, it.item, it.value).span ?? defSpan(it.def);
          if (span) out.push(serves(unit, it.value.s, span, `${server} virtualHosts.${name}.serverAliases`));
        }
      });
    }
  }
  return out;
}
