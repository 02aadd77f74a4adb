import { displayName } from '../src/graph/ids.js';
import type { Rule } from './api.js';

export const unresolvedFile: Rule = {
  meta: {
    id: 'unresolved-file',
    defaultSeverity: 'warning',
    summary: 'A stack or spec file a unit or spec refers to is not in the repo',
    docs: {
      what: 'Reports a file a command or spec refers to (a stack file for `docker stack deploy -c`, a spec\'s stack) that deploy-lint cannot find in the linted repository, even by the longest unique path suffix.',
      why: 'Either the deploy fails on the machine, or the file lives elsewhere and deploy-lint cannot check what it serves: findings that depend on it are missing.',
      example: 'docker stack deploy -c /srv/deploy/stacks/dashbaord.yml dashboard',
      fix: 'Correct the path, add the file to the repo, or map the deploy path onto the repo with `pathMap` in the config.',
    },
  },
  check({ graph, report }) {
    for (const u of graph.unresolved) {
      if (u.what !== 'file') continue;
      report({
        message: `${displayName(u.from)} refers to ${u.name}, which is not in the linted repo`,
        subject: u.from,
        location: u.span,
        fixes: [{ description: 'correct the path, add the file, or map the deploy path with `pathMap` in the config', applicability: 'display-only' }],
      });
    }
  },
};
