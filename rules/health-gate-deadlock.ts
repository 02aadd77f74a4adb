import { bootTransaction, startClosure } from '../src/graph/algorithms/closure.js';
import { shortestPath } from '../src/graph/algorithms/paths.js';
import { displayName } from '../src/graph/ids.js';
import { cmp, firstProvenance, partlyUnknown, type DeployGraph, type UnitNode } from '../src/graph/model.js';
import { orderingSteps } from '../src/graph/queries/ordering.js';
import { effectiveStartTimeout, gatesOf, providersOf, type Gate, type Provider } from '../src/graph/queries/gates.js';
import { formatDuration, writtenInRepository, type AnalysisSettings, type Fix, type Report, type Rule } from './api.js';

export const healthGateDeadlock: Rule = {
  meta: {
    id: 'health-gate-deadlock',
    defaultSeverity: 'error',
    summary: "A unit's start job waits on something only a unit ordered after it can provide",
    docs: {
      what:
        "Follows each blocking wait of a unit's start job — a reconcile spec's health gate, a wait loop in ExecStartPre/ExecStartPost or in a oneshot, a blocking `systemctl start` — to the units that serve, route or deploy what it waits for, and reports when every such unit is ordered after the waiting one (After=, Before= on the other side, drop-ins, default dependencies, target ordering).",
      why:
        "systemd holds the later unit's start job until the waiting unit's start job finishes, and the waiting unit's job does not finish until the later unit is up: on a cold boot the waiting unit blocks until its start timeout (forever for Type=oneshot without TimeoutStartSec=), then fails, and only then does the later unit start. No ordering cycle exists, so systemd-analyze says nothing.",
      example:
        'deploy-proxy.service (Type=oneshot, TimeoutStartSec=900) runs `warm_reconcile.py traefik`, whose spec has health_domain = "ci.commoninternet.net";\nthat host is served by the dashboard stack, deployed by deploy-dashboard.service, which has After=deploy-proxy.service.',
      fix:
        "Per cause: a spec's health gate waits on an endpoint that no later unit serves (e.g. the proxy's own ping); a wait loop waits for such an endpoint too, or runs outside the start job (in a unit ordered after the server); a blocking `systemctl start|restart|enable --now` gets `--no-block`. Or drop the ordering edge so the serving unit starts concurrently; or reverse the order: Wants= + After= on the serving unit from the waiting one.",
    },
  },
  check({ graph, settings, report }) {
    // Every gate is a `gates-on` edge (src/graph/queries/gates.ts): without one there is nothing to follow.
    if (!graph.hasEdgesOfKind('gates-on')) return;
    const boot = bootTransaction(graph);
    for (const unit of graph.units()) {
      if (unit.source !== 'repo' || partlyUnknown(unit)) continue;
      const blocking = gatesOf(graph, unit).filter((g) => g.blocking);
      // A unit's own start transaction is a search of the graph: only for a unit that waits.
      if (blocking.length === 0) continue;
      const tx = boot.has(unit.id) ? boot : startClosure(graph, unit.id);
      const found = blocking
        .map((g) => deadlock(graph, g, tx))
        .filter((d): d is Deadlock => d !== null)
        .sort((a, b) => a.length - b.length || cmp(a.gate.target, b.gate.target));
      // One finding per gate target: the shortest path.
      const seen = new Set<string>();
      for (const d of found) {
        if (seen.has(d.gate.target)) continue;
        seen.add(d.gate.target);
        report(finding(graph, d, boot.has(unit.id), settings));
      }
    }
  },
};

interface Deadlock {
  gate: Gate;
  provider: Provider;
  role: 'served' | 'routed';
  /** Ordering chain from the provider to the waiting unit. */
  chain: string[];
  length: number;
}

/** The gate deadlocks when, for the servers or the routers of its target, every one in the transaction is ordered after the unit. */
function deadlock(graph: DeployGraph, gate: Gate, tx: ReadonlySet<string>): Deadlock | null {
  for (const role of ['served', 'routed'] as const) {
    const providers = providersOf(graph, gate.target, role === 'served' ? 'serves' : 'routes').filter((p) => tx.has(p.unit));
    if (providers.length === 0 || providers.some((p) => p.unit === gate.unit.id)) continue;
    let best: Deadlock | null = null;
    for (const p of providers) {
      const chain = shortestPath(graph, p.unit, gate.unit.id, ['after'], tx);
      if (!chain) return null; // one provider can start independently: the gate can be met
      const length = gate.steps.length + p.steps.length + chain.length - 1;
      if (!best || length < best.length) best = { gate, provider: p, role, chain, length };
    }
    if (best) return best;
  }
  return null;
}

function finding(graph: DeployGraph, d: Deadlock, onBoot: boolean, settings: AnalysisSettings): Report {
  const u = d.gate.unit;
  const s = d.provider.unit;
  const target = displayName(d.gate.target);
  const path = [...d.gate.steps, ...d.provider.steps, ...orderingSteps(graph, d.chain)];
  const unitTimeout = effectiveStartTimeout(u, settings.defaultTimeoutStartSec);
  const timeoutSec = d.gate.boundSec === null ? unitTimeout : unitTimeout === null ? d.gate.boundSec : Math.min(unitTimeout, d.gate.boundSec);
  const when = onBoot ? 'on a cold boot' : `on \`systemctl start ${u.name}\``;
  const verb = d.role === 'served' ? 'served' : 'routed';
  const message = graph.unit(d.gate.target)
    ? `${u.name} starts ${target} and waits for it, but ${target} is ordered after ${u.name}`
    : `${u.name} waits on ${target}, which is ${verb} only by a unit ordered after it`;
  return {
    message,
    subject: u.id,
    location: d.gate.span,
    path,
    effect: { summary: `${when} ${stall(u, d.gate, unitTimeout, timeoutSec)}; ${s} starts only then`, timeoutSec },
    fixes: fixes(graph, d),
  };
}

function stall(u: UnitNode, gate: Gate, unitTimeout: number | null, timeoutSec: number | null): string {
  if (timeoutSec === null) {
    const why = u.serviceType === 'oneshot' && u.startTimeoutSpan === undefined ? 'Type=oneshot has no start timeout by default' : 'its start timeout is disabled';
    return `${u.name} blocks forever (${why}) and the gate has no bound of its own`;
  }
  const human = timeoutSec >= 60 ? ` (${formatDuration(timeoutSec)})` : '';
  if (gate.boundSec !== null && (unitTimeout === null || gate.boundSec < unitTimeout)) {
    return `${u.name} blocks until its gate gives up after ${timeoutSec} s${human}${gate.boundSource ? ` (${gate.boundSource})` : ''}, then fails`;
  }
  const setting = u.startTimeoutSpan ? `TimeoutStartSec=${timeoutSec}` : `DefaultTimeoutStartSec=${timeoutSec}`;
  return `${u.name} blocks for ${setting}${human}, then fails`;
}

/** Fix 1 is the cause's own remedy: what to wait for instead, or not to wait at all. */
function firstFix(gate: Gate, server: string): string {
  const target = displayName(gate.target);
  const u = gate.unit.name;
  switch (gate.cause) {
    case 'spec-gate':
      return `gate on an endpoint that no later unit serves (e.g. the proxy's own ping) instead of ${target}`;
    case 'wait-loop':
      return `wait for an endpoint that no later unit serves instead of ${target}, or take the wait out of ${u}'s start job (${gate.phase} holds it): run it in a unit ordered after ${server}`;
    case 'unit-start':
      return `add --no-block to \`${gate.command ?? 'systemctl start'}\`: systemctl then queues ${target}'s start job and returns, so ${u}'s start job can finish and ${target} starts after it as ordered`;
  }
}

function fixes(graph: DeployGraph, d: Deadlock): Fix[] {
  const u = d.gate.unit.name;
  const s = d.provider.unit;
  const out: Fix[] = [{ description: firstFix(d.gate, s), applicability: 'display-only' }];
  // The ordering edge to drop: the first one in the chain that a line of the repo makes.
  for (let i = 0; i < d.chain.length - 1; i++) {
    const from = d.chain[i]!;
    const to = d.chain[i + 1]!;
    const p = firstProvenance(graph.edge(from, to, 'after')!);
    if (p.implicit) continue;
    const description = `drop ${to} from ${from}'s after (${p.explanation}, ${p.span.file}:${p.span.line})`;
    // Unsafe: dropping an ordering changes what the boot does (that is the point), so it is applied only when chosen.
    out.push(p.removal && writtenInRepository(p.removal.span) ? { description, applicability: 'unsafe', edits: [p.removal] } : { description, applicability: 'display-only' });
    break;
  }
  out.push({ description: `order ${s} before ${u} (Wants= + After= on ${u}), and drop the ordering that puts it after`, applicability: 'display-only' });
  return out;
}
