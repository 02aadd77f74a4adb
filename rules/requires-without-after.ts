import { reachability } from '../src/graph/algorithms/reachability.js';
import { firstProvenance, mayLack } from '../src/graph/model.js';
import type { Rule } from './api.js';

export const requiresWithoutAfter: Rule = {
  meta: {
    id: 'requires-without-after',
    defaultSeverity: 'warning',
    summary: 'Requires=/BindsTo= without ordering: both units start at the same time',
    docs: {
      what: 'Reports a Requires= or BindsTo= on a unit with no ordering between the two, in either direction, direct or through other units.',
      why: 'Requirement dependencies do not order: systemd starts both at once, so the unit usually starts before what it requires is up, and a failing requirement does not even stop it from starting (systemd.unit(5), Requires=).',
      example: '[Unit]\nRequires=postgresql.service',
      fix: 'Add After= for the same unit (after = [ … ] in Nix), or Before= if the order is meant the other way.',
    },
  },
  check({ graph, report }) {
    const ordered = reachability(graph, ['after']);
    // Every unit's default Requires=sysinit.target is implicit: left out before the edges are sorted.
    for (const e of graph.edges(['requires', 'binds-to'], (x) => !firstProvenance(x.label).implicit)) {
      const u = graph.unit(e.from);
      const to = graph.unit(e.to);
      // The ordering may be what was not known, on either side.
      if (!u || u.source !== 'repo' || !to || mayLack(u, 'Unit.After', 'Unit.Before') || mayLack(to, 'Unit.After', 'Unit.Before')) continue;
      const p = firstProvenance(e.label);
      // Ordered through other units counts: the start jobs still run one after the other.
      if (ordered(e.from, e.to) || ordered(e.to, e.from)) continue;
      const directive = e.kind === 'requires' ? 'Requires' : 'BindsTo';
      report({
        message: `${u.name} has ${directive}=${e.to} but no ordering against it: both start at the same time`,
        subject: u.id,
        location: p.span,
        effect: { summary: `${u.name} may start before ${e.to} is up`, timeoutSec: 0 },
        fixes: [{ description: `add After=${e.to} to ${u.name}`, applicability: 'display-only' }],
      });
    }
  },
};
