import { pullersOf, transactionJobsAmong } from '../src/graph/algorithms/closure.js';
import { shortestCycle } from '../src/graph/algorithms/paths.js';
import { orderingSteps } from '../src/graph/queries/ordering.js';
import { stronglyConnected } from '../src/graph/algorithms/scc.js';
import { cmp, firstProvenance, type DeployGraph } from '../src/graph/model.js';
import { orderingEdgeKey, writtenInRepository, type Fix, type Report, type Rule } from './api.js';

/** A cycle and the transaction that holds it: 'boot' or the unit whose start brings it in. */
interface Found {
  members: string[];
  scope: 'boot' | string;
}

export const orderingCycle: Rule = {
  meta: {
    id: 'ordering-cycle',
    defaultSeverity: 'error',
    summary: 'Units whose start jobs wait for each other in a circle (After=/Before=, default dependencies, target ordering)',
    docs: {
      what:
        'Finds cycles in the ordering graph (After=, Before= from the other side, default dependencies, the implicit ordering of targets after the units they want, socket/timer activation) among units that one transaction starts together: the cold boot, or `systemctl start X` for any X. A cycle through the default dependency of a unit ordered before its own early target is reported once, by default-dependencies-before-sysinit, when that rule is on.',
      why:
        'systemd cannot honour a cyclic order. At boot it deletes one job of the cycle to break it, and which one depends on hash-table order: the same machine can come up differently from one boot to the next, with a service missing or started before what it needs.',
      example: 'a.service: [Unit] After=b.service\nb.service: [Unit] After=a.service\nboth WantedBy=multi-user.target',
      fix:
        'Remove the ordering edge that is wrong (usually an After= added "to be safe"), or, for early-boot units, set DefaultDependencies=no and order the unit explicitly.',
    },
  },
  check({ graph, report }) {
    const all = new Set(graph.units().map((u) => u.id));
    const global = stronglyConnected(graph, all, ['after']);
    if (global.length === 0) return;
    const cyclic = new Set(global.flat());

    const found: Found[] = [];
    // Every job of a transaction counts: Requisite= units get a verify-active job that is ordered too.
    const boot = graph.node(graph.defaultTarget) ? transactionJobsAmong(graph, graph.defaultTarget, cyclic) : new Set<string>();
    for (const c of stronglyConnected(graph, boot, ['after'])) found.push({ members: c, scope: 'boot' });

    // Other transactions: prefer a cycle member as the anchor, then other units, by name.
    const anchors = [...pullersOf(graph, cyclic)].filter((id) => graph.unit(id));
    anchors.sort((a, b) => Number(!cyclic.has(a)) - Number(!cyclic.has(b)) || cmp(a, b));
    for (const a of anchors) {
      const inTx = transactionJobsAmong(graph, a, cyclic);
      if (inTx.size === 0) continue;
      for (const c of stronglyConnected(graph, inTx, ['after'])) found.push({ members: c, scope: a });
    }
    for (const f of pickReported(found)) report(finding(graph, f));
  },
};

/** One finding per cycle: boot first, then the largest; a cycle inside one already reported is not repeated. */
function pickReported(found: Found[]): Found[] {
  const order = [...found].sort(
    (x, y) => Number(x.scope !== 'boot') - Number(y.scope !== 'boot') || y.members.length - x.members.length,
  );
  const chosen: Found[] = [];
  for (const f of order) {
    if (chosen.some((c) => f.members.every((m) => c.members.includes(m)))) continue;
    chosen.push(f);
  }
  return chosen.sort((x, y) => cmp(x.members[0]!, y.members[0]!));
}

function finding(graph: DeployGraph, f: Found): Report {
  const cycle = shortestCycle(graph, f.members, 'after');
  const steps = orderingSteps(graph, cycle, true);
  // Primary: an edge written in the repository, explicit if possible (lint.ts anchors the rest there too).
  const explicit = cycle.map((node, i) => !firstProvenance(graph.edge(node, cycle[(i + 1) % cycle.length]!, 'after')!).implicit);
  const inRepo = steps.map((s) => writtenInRepository(s.location));
  const pick = [(i: number) => explicit[i]! && inRepo[i]!, (i: number) => inRepo[i]!, (i: number) => explicit[i]!].map((ok) => cycle.findIndex((_, i) => ok(i))).find((i) => i >= 0);
  const primaryIdx = pick ?? 0;
  const where = f.scope === 'boot' ? 'on the boot path' : `when ${f.scope} is started`;
  const chain = [...cycle, cycle[0]!].join(' after ');
  const others = f.members.length > cycle.length ? ` (${f.members.length} units are ordered in circles here; this is the shortest)` : '';
  return {
    message: `ordering cycle ${where}: ${chain}${others}`,
    subject: cycle[0]!,
    location: steps[primaryIdx]!.location,
    path: steps,
    effect: {
      summary: `${f.scope === 'boot' ? 'At boot' : `On \`systemctl start ${f.scope}\``} systemd deletes one start job of the cycle to break it, not always the same one: one of ${cycle.join(', ')} does not start, or starts before what it is ordered after`,
      timeoutSec: 0,
    },
    fixes: fixes(graph, cycle),
    // Every edge of the cycle: a rule that names one of them as the cause (a default dependency
    // ordered before its own target) reports this cycle instead.
    blames: cycle.map((node, i) => orderingEdgeKey(node, cycle[(i + 1) % cycle.length]!)),
  };
}

function fixes(graph: DeployGraph, cycle: string[]): Fix[] {
  const out: Fix[] = [];
  cycle.forEach((node, i) => {
    const next = cycle[(i + 1) % cycle.length]!;
    const p = firstProvenance(graph.edge(node, next, 'after')!);
    if (p.implicit) {
      out.push({ description: `${p.explanation}: set DefaultDependencies=no on the unit that gets it and order it explicitly`, applicability: 'display-only' });
    } else {
      out.push({ description: `drop the edge "${p.explanation}" (${p.span.file}:${p.span.line}) if ${node} does not really need ${next} first`, applicability: 'display-only' });
    }
  });
  return out;
}
