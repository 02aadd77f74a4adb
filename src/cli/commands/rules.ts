/** `deploy-lint rules`: every rule with its default severity. */
import type { Command } from '../command.js';
import { listRules } from '../rule-docs.js';

export const rulesCommand: Command = (y, run) =>
  y.command('rules', 'list every rule with its default severity', {}, () => {
    run.io.stdout.write(listRules());
  });
