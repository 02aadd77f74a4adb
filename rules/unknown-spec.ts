import { docsRef, type Diagnostic } from '../src/model/diagnostic.js';
import type { Rule } from './rule.js';
import { closest } from './did-you-mean.js';

export const unknownSpec: Rule = {
  id: 'unknown-spec',
  defaultSeverity: 'error',
  summary: 'A reconcile invocation names a spec its script does not define',
  docs: {
    what: 'Reports a command that runs a reconcile script with a spec name the script\'s spec table does not have.',
    why: 'The script exits with an error (usually a KeyError) and the unit fails on every start; deploy-lint also cannot follow what the unit deploys.',
    example: 'ExecStart=python3 /srv/deploy/warm_reconcile.py trafik   (the table has "traefik")',
    fix: 'Use one of the spec names the script defines, or add the spec.',
  },
  check(graph) {
    return graph.unresolved
      .filter((u) => u.what === 'spec')
      .map((u): Diagnostic => {
        const hint = closest(u.name, u.known ?? []);
        return {
          rule: 'unknown-spec',
          severity: 'error',
          message: `${u.from} runs ${u.script} with spec "${u.name}", which it does not define${hint ? ` (did you mean "${hint}"?)` : ''}`,
          subject: u.from,
          location: u.span,
          path: [],
          effect: null,
          fixes: hint ? [{ description: `use "${hint}"`, applicability: 'unsafe', edits: [{ span: u.span, replacement: hint }] }] : [{ description: `define spec "${u.name}" in ${u.script}, or name one of: ${(u.known ?? []).join(', ')}`, applicability: 'display-only' }],
          docs: docsRef('unknown-spec'),
        };
      });
  },
};
