/** CIDR arithmetic through ipaddr.js: parsing (IPv4 and IPv6), containment, overlap. */
import ipaddr from 'ipaddr.js';

export interface Cidr {
  addr: ipaddr.IPv4 | ipaddr.IPv6;
  bits: number;
}

/** `10.0.0.0/8`, `10.1.2.3/24` (an interface address with its prefix), or a bare address (one host). */
export function parseCidr(text: string): Cidr | null {
  const t = text.trim();
  try {
    if (t.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(t);
      return { addr: unmap(addr), bits: addr.kind() === 'ipv6' && unmap(addr).kind() === 'ipv4' ? bits - 96 : bits };
    }
    const addr = unmap(ipaddr.parse(t));
    return { addr, bits: addr.kind() === 'ipv4' ? 32 : 128 };
  } catch {
    return null;
  }
}

function unmap(a: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
}

/** Whether every address of `inner` is in `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.addr.kind() !== inner.addr.kind() || inner.bits < outer.bits) return false;
  return (inner.addr as ipaddr.IPv4).match(outer.addr as ipaddr.IPv4, outer.bits);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}
