import type { NetworkNode } from '../src/graph/model.js';
import { contains, overlaps, parseCidr, type Cidr } from '../src/graph/queries/cidr.js';
import type { Report, Rule } from './api.js';

export const subnetOverlap: Rule = {
  meta: {
    id: 'subnet-overlap',
    defaultSeverity: 'error',
    summary: 'Two docker ranges, or a docker range and a host network, that can collide',
    docs: {
      what:
        "Compares every docker range (swarm address pools, the ingress network, explicit network subnets, the daemon's bip and default-address-pools) with every other and with the host's own networks declared in Nix (interface addresses with their prefix, routes, the default gateway, VPN ranges). A network whose explicit subnet lies inside the swarm's own address pool is the intended layout and is not reported.",
      why: 'Overlapping ranges make the kernel route packets for one network into the other: containers cannot reach a LAN host, a VPN peer becomes unreachable while the swarm runs, or docker refuses to create a network at deploy time.',
      example: 'networking.interfaces.ens3.ipv4.addresses = [ { address = "10.10.3.4"; prefixLength = 16; } ];\ndocker network create --driver overlay --subnet 10.10.0.0/16 proxy',
      fix: 'Move one of the two ranges; keep docker ranges (pools, bip, explicit subnets) in a block the host, its LAN and its VPNs never use.',
    },
  },
  check({ graph, report }) {
    const ranges = graph.networks().flatMap((n) => {
      const c = n.cidr ? parseCidr(n.cidr) : null;
      return c ? [{ n, c }] : [];
    });
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        const a = ranges[i]!;
        const b = ranges[j]!;
        if (!collide(a.n, a.c, b.n, b.c)) continue;
        report(finding(a.n, b.n));
      }
    }
  },
};

const POOL_ROLES = new Set(['swarm-pool', 'docker-pool']);
const SUBNET_ROLES = new Set(['overlay', 'bridge', 'stack-network', 'ingress']);

function collide(a: NetworkNode, ac: Cidr, b: NetworkNode, bc: Cidr): boolean {
  if (!a.docker && !b.docker) return false; // the host's own layout is not ours to judge
  if (!overlaps(ac, bc)) return false;
  if (a.implicit && b.implicit) return false; // docker keeps its own defaults apart
  // An explicit subnet carved from the swarm's own pool: docker reserves it.
  if (a.role === 'swarm-pool' && SUBNET_ROLES.has(b.role) && contains(ac, bc)) return false;
  if (b.role === 'swarm-pool' && SUBNET_ROLES.has(a.role) && contains(bc, ac)) return false;
  // Two pools of the same kind on one daemon are one pool split in parts.
  if (POOL_ROLES.has(a.role) && a.role === b.role && a.swarmInit === b.swarmInit) return false;
  return true;
}

function finding(a: NetworkNode, b: NetworkNode): Report {
  const [first, second] = a.span.file < b.span.file || (a.span.file === b.span.file && a.span.line <= b.span.line) ? [a, b] : [b, a];
  return {
    message: `${first.label} overlaps ${second.label}`,
    subject: first.id,
    location: first.span,
    path: [
      { node: first.id, edge: 'overlaps', location: first.span, explanation: first.label },
      { node: second.id, edge: 'overlaps', location: second.span, explanation: second.label },
    ],
    fixes: [{ description: `move ${second.docker ? second.label : first.label} to a range nothing else on the host uses`, applicability: 'display-only' }],
  };
}
