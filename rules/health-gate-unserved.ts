import { bootTransaction } from '../src/graph/algorithms/closure.js';
import { displayName } from '../src/graph/ids.js';
import { gatesOf, providersOf } from '../src/graph/queries/gates.js';
import { partlyUnknown } from '../src/graph/model.js';
import type { Rule } from './api.js';

export const healthGateUnserved: Rule = {
  meta: {
    id: 'health-gate-unserved',
    defaultSeverity: 'warning',
    summary: 'A unit waits on an endpoint that nothing in the repo serves, or whose only server never starts at boot',
    docs: {
      what:
        "Reports a health gate or wait loop whose endpoint no stack, spec or unit in the repository serves (warning), and one on the boot path whose servers are all outside the boot transaction — nothing wants them (error).",
      why:
        'A gate on an endpoint nobody brings up waits until its bound or the start timeout, then fails the unit — on every boot. Often the host name has a typo, or the serving unit was never enabled (no WantedBy=).',
      example: 'deploy-api.service (Type=oneshot) runs `curl --retry 30 https://api.example.org/health`, and no stack has a Host(`api.example.org`) rule.',
      fix: 'Correct the endpoint, enable the unit that serves it (WantedBy=multi-user.target), or declare an endpoint served outside the repo in the config (`serves`).',
    },
  },
  check({ graph, settings, report }) {
    const declared = settings.serves ?? {};
    if (graph.partial) return; // a module on its own: the configuration that imports it may serve the endpoint
    if (!graph.hasEdgesOfKind('gates-on')) return; // no gate anywhere (src/graph/queries/gates.ts)
    const boot = bootTransaction(graph);
    for (const unit of graph.units()) {
      if (unit.source !== 'repo' || partlyUnknown(unit)) continue;
      const seen = new Set<string>();
      for (const gate of gatesOf(graph, unit)) {
        if (seen.has(gate.target) || graph.unit(gate.target)) continue;
        seen.add(gate.target);
        const servers = providersOf(graph, gate.target, 'serves');
        const target = displayName(gate.target);
        if (servers.length === 0 && declared[target] === undefined) {
          report({
            message: `${unit.name} waits on ${target}, which nothing in the repo serves`,
            subject: unit.id,
            location: gate.span,
            path: gate.steps,
            effect: gate.blocking ? { summary: `${unit.name}'s start job waits until the gate gives up or times out, unless something outside the repo serves ${target}`, timeoutSec: gate.boundSec } : null,
            fixes: [{ description: `check the host name, or declare who serves ${target} in the config (\`serves\`)`, applicability: 'display-only' }],
          });
        } else if (boot.has(unit.id) && !servers.some((s) => boot.has(s.unit))) {
          const names = servers.map((s) => s.unit).join(', ');
          report({
            severity: 'error',
            message: `${unit.name} waits on ${target} at boot, but its only server${servers.length > 1 ? 's' : ''} (${names}) never start${servers.length > 1 ? '' : 's'} at boot`,
            subject: unit.id,
            location: gate.span,
            path: [...gate.steps, ...servers[0]!.steps],
            effect: gate.blocking ? { summary: `on every boot ${unit.name} waits for ${target} until the gate or the start timeout gives up, then fails`, timeoutSec: gate.boundSec } : null,
            fixes: servers.map((s) => ({ description: `enable ${s.unit} at boot (WantedBy=multi-user.target / wantedBy = [ "multi-user.target" ])`, applicability: 'display-only' })),
          });
        }
      }
    }
  },
};
