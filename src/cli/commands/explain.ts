/** `deploy-lint explain RULE`: a rule's documentation. */
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { explainRule } from '../rule-docs.js';

export const explainCommand: Command = (y, run) =>
  y.command(
    'explain <rule>',
    "print a rule's documentation",
    (y) => y.positional('rule', { type: 'string', demandOption: true }),
    (args) => {
      const text = explainRule(args.rule);
      if (!text) throw new UsageError(`unknown rule '${args.rule}'; \`deploy-lint rules\` lists them`);
      run.io.stdout.write(text);
    },
  );
