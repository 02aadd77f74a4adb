import { closest, type Rule } from './api.js';

export const unknownSpec: Rule = {
  meta: {
    id: 'unknown-spec',
    defaultSeverity: 'error',
    summary: 'A reconcile invocation names a spec its script does not define',
    docs: {
      what: 'Reports a command that runs a reconcile script with a spec name the script\'s spec table does not have.',
      why: 'The script exits with an error (usually a KeyError) and the unit fails on every start; deploy-lint also cannot follow what the unit deploys.',
      example: 'ExecStart=python3 /srv/deploy/warm_reconcile.py trafik   (the table has "traefik")',
      fix: 'Use one of the spec names the script defines, or add the spec.',
    },
  },
  check({ graph, report }) {
    for (const u of graph.unresolved) {
      if (u.what !== 'spec') continue;
      const hint = closest(u.name, u.known ?? []);
      report({
        message: `${u.from} runs ${u.script} with spec "${u.name}", which it does not define${hint ? ` (did you mean "${hint}"?)` : ''}`,
        subject: u.from,
        location: u.span,
        fixes: hint ? [{ description: `use "${hint}"`, applicability: 'unsafe', edits: [{ span: u.span, replacement: hint }] }] : [{ description: `define spec "${u.name}" in ${u.script}, or name one of: ${(u.known ?? []).join(', ')}`, applicability: 'display-only' }],
      });
    }
  },
};
