import { firstProvenance } from '../src/graph/model.js';
import type { Rule } from './api.js';

export const conflictsWithRequires: Rule = {
  meta: {
    id: 'conflicts-with-requires',
    defaultSeverity: 'error',
    summary: 'A unit that both requires and conflicts with another',
    docs: {
      what: 'Reports a unit that has Requires=, BindsTo= or Requisite= and Conflicts= on the same unit.',
      why: 'Starting it asks systemd to start and stop the other unit in one transaction: the transaction is refused ("Transaction contains conflicting jobs"), so the unit never starts.',
      example: '[Unit]\nRequires=db.service\nConflicts=db.service',
      fix: 'Keep one of the two: a unit cannot need another and exclude it.',
    },
  },
  check({ graph, report }) {
    // Every unit's default Conflicts=shutdown.target is implicit: left out before the edges are sorted.
    for (const c of graph.edges(['conflicts'], (e) => !firstProvenance(e.label).implicit)) {
      const u = graph.unit(c.from);
      if (!u || u.source !== 'repo') continue;
      const cp = firstProvenance(c.label);
      const req = graph.edge(c.from, c.to, 'requires') ?? graph.edge(c.from, c.to, 'binds-to') ?? graph.edge(c.from, c.to, 'requisite');
      if (!req) continue;
      const rp = firstProvenance(req);
      report({
        message: `${u.name} both requires and conflicts with ${c.to}: its start transaction is refused`,
        subject: u.id,
        location: cp.span,
        path: [
          { node: u.id, edge: req.kind, location: rp.span, explanation: rp.explanation },
          { node: u.id, edge: 'conflicts', location: cp.span, explanation: cp.explanation },
        ],
        effect: { summary: `starting ${u.name} fails with "Transaction contains conflicting jobs"`, timeoutSec: 0 },
        fixes: [{ description: `remove either the requirement on or the conflict with ${c.to}`, applicability: 'display-only' }],
      });
    }
  },
};
