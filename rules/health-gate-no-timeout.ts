import { displayName } from '../src/graph/ids.js';
import { effectiveStartTimeout, gatesOf } from '../src/graph/queries/gates.js';
import { partlyUnknown } from '../src/graph/model.js';
import type { Rule } from './api.js';

export const healthGateNoTimeout: Rule = {
  meta: {
    id: 'health-gate-no-timeout',
    defaultSeverity: 'warning',
    summary: 'A blocking wait with no bound of its own in a unit with no start timeout',
    docs: {
      what:
        "Reports a wait that holds up a unit's start job (a spec health gate, a wait loop in ExecStartPre/ExecStartPost or in a oneshot) when neither the wait nor the unit bounds it: the loop has no counter or timeout, and the unit has no start timeout (Type=oneshot without TimeoutStartSec=, or TimeoutStartSec=infinity/0).",
      why: 'If the endpoint never answers, the start job never finishes: everything ordered after the unit waits forever and the boot never reaches its target. systemd disables the start timeout of Type=oneshot by default.',
      example: '[Service]\nType=oneshot\nExecStart=/bin/sh -c "until curl -sf http://db:5432; do sleep 1; done"',
      fix: 'Give the unit a TimeoutStartSec=, or bound the wait itself (`timeout 300 …`, `curl --retry N`, a counter in the loop).',
    },
  },
  check({ graph, settings, report }) {
    for (const unit of graph.units()) {
      if (unit.source !== 'repo' || partlyUnknown(unit)) continue;
      if (effectiveStartTimeout(unit, settings.defaultTimeoutStartSec) !== null) continue;
      const seen = new Set<string>();
      for (const gate of gatesOf(graph, unit)) {
        if (!gate.blocking || gate.boundSec !== null || seen.has(gate.target)) continue;
        seen.add(gate.target);
        const why = unit.startTimeoutSpan ? 'its start timeout is disabled' : `Type=${unit.serviceType} has no start timeout by default`;
        report({
          message: `${unit.name} can wait on ${displayName(gate.target)} forever: the wait has no bound and ${why}`,
          subject: unit.id,
          location: gate.span,
          path: gate.steps,
          effect: { summary: `if ${displayName(gate.target)} never answers, ${unit.name}'s start job never finishes and every unit ordered after it waits with it`, timeoutSec: null },
          fixes: [
            { description: `set TimeoutStartSec= on ${unit.name} (serviceConfig.TimeoutStartSec in Nix)`, applicability: 'display-only' },
            { description: 'bound the wait itself (`timeout N …`, `curl --retry N`, a counter, or a timeout field in the spec)', applicability: 'display-only' },
          ],
        });
      }
    }
  },
};
