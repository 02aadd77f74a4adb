/** `deploy-lint explain RULE`: a rule's documentation; `explain boot|fix`: those commands'. */
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { COMMAND_DOCS } from '../command-docs.js';
import { explainRule } from '../rule-docs.js';

export const explainCommand: Command = (y, run) =>
  y.command(
    'explain <rule>',
    "print a rule's documentation (or the boot or fix command's)",
    (y) => y.positional('rule', { type: 'string', demandOption: true }),
    (args) => {
      const text = explainRule(args.rule) ?? (Object.hasOwn(COMMAND_DOCS, args.rule) ? COMMAND_DOCS[args.rule]! : null);
      if (!text) throw new UsageError(`unknown rule '${args.rule}'; \`deploy-lint rules\` lists them (\`explain boot\` and \`explain fix\` explain those commands)`);
      run.io.stdout.write(text);
    },
  );
