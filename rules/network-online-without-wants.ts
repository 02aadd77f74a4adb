import { firstProvenance, mayLack } from '../src/graph/model.js';
import type { Rule } from './api.js';

const TARGET = 'network-online.target';

export const networkOnlineWithoutWants: Rule = {
  meta: {
    id: 'network-online-without-wants',
    defaultSeverity: 'warning',
    summary: 'After=network-online.target without Wants=/Requires= on it',
    docs: {
      what: 'Reports a unit ordered after network-online.target that does not pull it in with Wants= or Requires=.',
      why: 'After= alone does not start network-online.target: unless something else wants it, the unit starts without waiting for the network at all (systemd.special(7); NixOS warns the same: "ordered after network-online.target but doesn\'t depend on it").',
      example: '[Unit]\nAfter=network-online.target',
      fix: 'Add Wants=network-online.target next to the After= (wants = [ "network-online.target" ] in Nix).',
    },
  },
  check({ graph, report }) {
    for (const u of graph.units()) {
      if (u.source !== 'repo' || mayLack(u, 'Unit.Wants', 'Unit.Requires', 'Unit.BindsTo')) continue; // its Wants= may be what was not known
      const after = graph.edge(u.id, TARGET, 'after');
      if (!after) continue;
      const p = firstProvenance(after);
      if (p.implicit) continue;
      if (graph.edge(u.id, TARGET, 'wants') || graph.edge(u.id, TARGET, 'requires') || graph.edge(u.id, TARGET, 'binds-to')) continue;
      report({
        message: `${u.name} is ordered after ${TARGET} but does not pull it in`,
        subject: u.id,
        location: p.span,
        effect: { summary: `unless another unit wants ${TARGET}, ${u.name} starts without waiting for the network`, timeoutSec: 0 },
        fixes: [{ description: `add Wants=${TARGET} to ${u.name}`, applicability: 'display-only' }],
      });
    }
  },
};
