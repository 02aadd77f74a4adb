/**
 * Address ranges (docs/architecture.md, "Glossary": network nodes): docker's swarm pools, the ingress
 * network, overlay and bridge networks from `docker network create` and stack
 * files, the daemon's bip and default-address-pools, and the host's own
 * interfaces, routes and VPN ranges from Nix. Each becomes a network node that
 * its owner (unit or stack) `attaches` to.
 */
import type { AddressRangeFact, Fact, NetworkCreate, ShellFacts, StackFact, SwarmInit } from '../../model/facts.js';
import type { Span } from '../../model/span.js';
import { stackId } from '../ids.js';
import { DEFAULT_INGRESS, DEFAULT_SWARM_POOL } from '../queries/swarm.js';
import type { DeployGraph, NetworkNode, RangeRole } from '../model.js';


interface Owned<T> {
  owner: string;
  fact: T;
}

export function addNetworks(graph: DeployGraph, facts: readonly Fact[]): void {
  const inits: Owned<SwarmInit>[] = [];
  const creates: Owned<NetworkCreate>[] = [];
  const seen = new Set<string>();
  const collect = (owner: string, shell: ShellFacts | undefined): void => {
    if (!shell) return;
    for (const i of shell.swarmInits) if (once(seen, i.span)) inits.push({ owner, fact: i });
    for (const c of shell.networkCreates) if (once(seen, c.span)) creates.push({ owner, fact: c });
  };
  for (const u of graph.units()) if (u.source === 'repo') for (const c of u.exec) collect(u.id, c.shell);
  for (const f of facts) if (f.kind === 'shell-script') collect(f.file, f.shell);

  inits.forEach((i, n) => addSwarm(graph, i, n, creates));
  for (const c of creates) addCreated(graph, c);
  // Where the repository initialises the swarm without --default-addr-pool, a stack's implicit
  // default network gets its /24 from the engine's default pool; where the pool is pinned, or
  // the swarm is made elsewhere, the implicit network is left alone.
  const unpinnedPool = inits.some((i) => i.fact.defaultAddrPools.length === 0);
  for (const f of facts) {
    if (f.kind === 'stack') addStackNetworks(graph, f, unpinnedPool);
    else if (f.kind === 'address-range') addHostRange(graph, f);
  }
}

function once(seen: Set<string>, s: Span): boolean {
  const key = `${s.file}:${s.line}:${s.column}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

function add(graph: DeployGraph, owner: string | undefined, node: Omit<NetworkNode, 'kind' | 'id'>): void {
  const s = node.span;
  const id = `network:${node.role}:${s.file}:${s.line}:${s.column}:${node.cidr ?? 'unpinned'}`;
  graph.addNode({ kind: 'network', id, ...node });
  if (owner && graph.node(owner)) graph.addEdge(owner, id, 'attaches', { span: s, explanation: `${owner} attaches to ${node.label}` });
}

function addSwarm(graph: DeployGraph, init: Owned<SwarmInit>, n: number, creates: Owned<NetworkCreate>[]): void {
  const swarmInit = `swarm-init-${n}`;
  const pools = init.fact.defaultAddrPools;
  if (pools.length === 0) {
    add(graph, init.owner, { cidr: DEFAULT_SWARM_POOL, role: 'swarm-pool', docker: true, implicit: true, swarmInit, span: init.fact.span, label: `the default swarm address pool ${DEFAULT_SWARM_POOL} (docker swarm init without --default-addr-pool)` });
  }
  for (const p of pools) {
    add(graph, init.owner, { cidr: p.value, role: 'swarm-pool', docker: true, swarmInit, span: p.span, label: `the swarm address pool ${p.value}` });
  }
  // The ingress network ignores --default-addr-pool; only recreating it with --ingress --subnet pins it.
  if (!creates.some((c) => c.fact.ingress && c.fact.subnets.length > 0)) {
    add(graph, init.owner, { cidr: DEFAULT_INGRESS, role: 'ingress', docker: true, implicit: true, swarmInit, span: init.fact.span, label: `the swarm's default ingress network (${DEFAULT_INGRESS}, or 10.255.0.0/16 on older engines)` });
  }
}

function addCreated(graph: DeployGraph, c: Owned<NetworkCreate>): void {
  const driver = c.fact.driver?.value ?? 'bridge';
  const name = c.fact.name?.value ?? '(unnamed)';
  const role: RangeRole = c.fact.ingress ? 'ingress' : driver === 'overlay' ? 'overlay' : 'bridge';
  const label = `${c.fact.ingress ? 'ingress' : driver} network "${name}" (docker network create)`;
  if (c.fact.subnets.length === 0) add(graph, c.owner, { cidr: null, role, docker: true, driver, span: c.fact.span, label });
  for (const s of c.fact.subnets) add(graph, c.owner, { cidr: s.value, role, docker: true, driver, span: s.span, label: `${label} ${s.value}` });
}

function addStackNetworks(graph: DeployGraph, stack: StackFact, unpinnedPool: boolean): void {
  const owner = stackId(stack.file);
  const implicitDriver = defaultDriver(graph, stack);
  for (const net of stack.networks) {
    if (net.external) continue;
    const driver = net.driver?.value ?? implicitDriver;
    const label = `${driver} network "${net.name}" in ${stack.file}`;
    if (net.subnets.length === 0) add(graph, owner, { cidr: null, role: 'stack-network', docker: true, driver, span: net.span, label });
    for (const s of net.subnets) add(graph, owner, { cidr: s.value, role: 'stack-network', docker: true, driver, span: s.span, label: `${label} ${s.value}` });
  }
  // A swarm service that names no network joins the stack's implicit `default` network
  // (docker creates STACK_default, an overlay with a /24 from the address pool) unless the
  // file declares `networks: default:` itself, which the loop above has read. Unpinned only
  // when the swarm's pool is unpinned too (see addNetworks).
  const bare = stack.services.find((svc) => svc.networks.length === 0);
  if (unpinnedPool && implicitDriver === 'overlay' && bare && !stack.networks.some((n) => n.name === 'default')) {
    const label = `overlay network "default" in ${stack.file} (implicit: service "${bare.name}" names no network, so docker stack deploy attaches it to STACK_default)`;
    add(graph, owner, { cidr: null, role: 'stack-network', docker: true, driver: 'overlay', span: bare.span, label });
  }
}

/**
 * The driver of a network that names none: overlay under `docker stack deploy`,
 * bridge under `docker compose`. A file that uses swarm-only keys, or that a
 * unit deploys with `docker stack deploy` or a spec deploys, is a swarm stack;
 * one only `docker compose` runs, or that nothing here deploys and that has
 * nothing swarm-only (most compose projects), is taken as compose: calling
 * its networks unpinned overlays would be a guess.
 */
function defaultDriver(graph: DeployGraph, stack: StackFact): 'overlay' | 'bridge' {
  if (stack.swarmOnly) return 'overlay';
  const deploys = graph.inEdges(stackId(stack.file), ['deploys']).flatMap((e) => e.label.provenance);
  return deploys.some((p) => p.tool !== 'compose') ? 'overlay' : 'bridge';
}

function addHostRange(graph: DeployGraph, f: AddressRangeFact): void {
  const docker = f.role === 'docker-bip' || f.role === 'docker-pool';
  add(graph, undefined, { cidr: f.cidr.value, role: f.role, docker, span: f.cidr.span, label: `${f.label} ${f.cidr.value}` });
}
