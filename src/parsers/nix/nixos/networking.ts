/**
 * The address ranges a host declares for itself: interface addresses and
 * routes, the default gateway, WireGuard addresses. Docker's own ranges must
 * not collide with them (the subnet rules read these facts).
 */
import type { AddressRangeFact } from '../../../model/facts.js';
import type { Span } from '../../../model/span.js';
import type { AttrsV, Thunk } from '../eval/value.js';
import { range } from './module-facts.js';
import { attrs, defSpan, elementSpan, force, get, guard, listItems, names, real, firstUserDef, type Reader } from './read.js';
import { spanOf } from '../syntax/positions.js';



/** `{ address; prefixLength; }` → `address/prefixLength`, at the address as written. */
function addressOf(r: Reader, item: Thunk): { cidr: string; span: Span } | null {
  const cfg = attrs(r.m.force(item));
  const addr = get(cfg, 'address');
  const len = get(cfg, 'prefixLength');
  const av = force(r, addr);
  const lv = force(r, len);
  if (av?.t !== 'string' || lv?.t !== 'int') return null;
  const span = real(av.lit) ?? defSpan(firstUserDef(addr!.v)) ?? real((item.expr ? spanOf(item.expr) : undefined));
  return span ? { cidr: `${av.s}/${lv.v}`, span } : null;
}

export function networking(r: Reader, net: AttrsV | undefined): AddressRangeFact[] {
  const out: AddressRangeFact[] = [];
  const ifaces = attrs(guard(r, undefined, undefined, () => force(r, get(net, 'interfaces'))));
  for (const name of ifaces ? names(ifaces) : []) {
    guard(r, ifaces!.map.get(name)!.key, undefined, () => {
      const iface = attrs(force(r, ifaces!.map.get(name)));
      for (const family of ['ipv4', 'ipv6']) {
        const fam = attrs(force(r, get(iface, family)));
        for (const [opt, role] of [['addresses', 'interface'], ['routes', 'route']] as const) {
          const list = force(r, get(fam, opt));
          if (list?.t !== 'list') continue;
          for (const item of list.items) {
            const a = addressOf(r, item);
            if (a) out.push(range(a.cidr, a.span, role, `networking.interfaces.${name}.${family}.${opt}`));
          }
        }
      }
    });
  }
  for (const [opt, bits] of [['defaultGateway', 32], ['defaultGateway6', 128]] as const) {
    guard(r, undefined, undefined, () => {
      const a = get(net, opt);
      const v = force(r, a);
      const d = a ? firstUserDef(a.v) : undefined;
      let addr: string | undefined;
      let span = defSpan(d);
      if (v?.t === 'string') {
        addr = v.s;
        span = real(v.lit) ?? span;
      } else if (v?.t === 'attrs') {
        const x = force(r, get(v, 'address'));
        if (x?.t === 'string') {
          addr = x.s;
          span = real(x.lit) ?? span;
        }
      }
      if (addr && span) out.push(range(addr.includes('/') ? addr : `${addr}/${bits}`, span, 'gateway', `networking.${opt}`));
    });
  }
  const wg = attrs(guard(r, undefined, undefined, () => force(r, get(attrs(force(r, get(net, 'wireguard'))), 'interfaces'))));
  for (const name of wg ? names(wg) : []) {
    guard(r, wg!.map.get(name)!.key, undefined, () => {
      const cfg = attrs(force(r, wg!.map.get(name)));
      const ips = get(cfg, 'ips');
      for (const it of ips ? listItems(r, ips.v) : []) {
        if (it.value.t !== 'string') continue;
        const span = elementSpan(r, it.item, it.value).span ?? defSpan(it.def);
        if (span) out.push(range(it.value.s, span, 'vpn', `networking.wireguard.interfaces.${name}.ips`));
      }
    });
  }
  return out;
}
