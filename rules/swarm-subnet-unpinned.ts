import type { NetworkNode } from '../src/graph/model.js';
import { overlaps, parseCidr } from '../src/graph/queries/cidr.js';
import { DEFAULT_SWARM_POOL, type Report, type Rule } from './api.js';

export const swarmSubnetUnpinned: Rule = {
  meta: {
    id: 'swarm-subnet-unpinned',
    defaultSeverity: 'error',
    summary: 'A swarm address pool, overlay network or the ingress network left for docker to pick',
    docs: {
      what:
        '`docker swarm init` without `--default-addr-pool`, an overlay `docker network create` without `--subnet`, a stack overlay network without `ipam.config[].subnet` (external networks excepted; a network that names no driver is an overlay only in a swarm stack: one a unit deploys with `docker stack deploy` or a spec deploys, or that uses swarm-only `deploy:` keys such as `labels` or `update_config`, while the networks of a compose project are bridges), and the ingress network left at the engine default when a swarm is initialised: it does not follow `--default-addr-pool`.',
      why:
        "Docker then carves subnets out of 10.0.0.0/8 (/24 each) and puts the ingress on 10.0.0.0/24 (10.255.0.0/16 on older engines). On a host whose LAN, VPN or cloud network is in 10/8 the overlay shadows it: routes to real machines silently go into the swarm, and which subnet a network gets changes from one rebuild to the next.",
      example: 'docker swarm init --advertise-addr 203.0.113.10\ndocker network create --driver overlay proxy',
      fix: 'Pin every range: `docker swarm init --default-addr-pool 10.20.0.0/16`; `docker network create --driver overlay --subnet 10.10.0.0/16 NAME`; in a stack, `ipam: { config: [ { subnet: … } ] }`; and recreate the ingress: `docker network rm ingress` + `docker network create --driver overlay --ingress --subnet 10.30.0.0/24 ingress`.',
    },
  },
  check({ graph, report }) {
    const hostRanges = graph.networks().filter((n) => !n.docker && n.cidr);
    for (const n of graph.networks()) {
      if (!n.docker) continue;
      const unpinnedNetwork = n.cidr === null && (n.role === 'overlay' || (n.role === 'stack-network' && n.driver === 'overlay'));
      const defaultRange = n.implicit === true && (n.role === 'swarm-pool' || n.role === 'ingress');
      if (!unpinnedNetwork && !defaultRange) continue;
      report(finding(n, n.cidr ?? DEFAULT_SWARM_POOL, hostRanges));
    }
  },
};

function finding(n: NetworkNode, range: string, hostRanges: NetworkNode[]): Report {
  const r = parseCidr(range);
  const clash = r ? hostRanges.filter((h) => { const c = parseCidr(h.cidr!); return c !== null && overlaps(r, c); }) : [];
  const clashText = clash.length ? `; it can collide with ${clash.map((h) => `${h.label} (${h.span.file}:${h.span.line})`).join(', ')}` : '';
  const picks =
    n.role === 'ingress'
      ? `docker puts the ingress network on ${range} (or 10.255.0.0/16 on older engines), whatever --default-addr-pool says`
      : n.role === 'swarm-pool'
        ? `docker carves overlay networks out of ${DEFAULT_SWARM_POOL} in /24s`
        : `docker picks a /24 for it from the swarm address pool`;
  const fix =
    n.role === 'ingress'
      ? 'recreate the ingress pinned: `docker network rm ingress` then `docker network create --driver overlay --ingress --subnet 10.30.0.0/24 ingress`'
      : n.role === 'swarm-pool'
        ? 'pass `--default-addr-pool <cidr>` (and `--default-addr-pool-mask-length`) to `docker swarm init`'
        : n.role === 'stack-network'
          ? 'add `ipam: { config: [ { subnet: <cidr> } ] }` to the network'
          : 'pass `--subnet <cidr>` to `docker network create`';
  return {
    message: `${n.label} is not pinned: ${picks}${clashText}`,
    subject: n.id,
    location: n.span,
    path: clash.map((h) => ({ node: h.id, edge: 'overlaps', location: h.span, explanation: `${h.label} lies in ${range}` })),
    fixes: [{ description: fix, applicability: 'display-only' }],
  };
}

