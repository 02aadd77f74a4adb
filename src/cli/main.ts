/**
 * The command line. Exit codes: 0 no findings at or above --fail-on, 1 there
 * are (or warnings exceed --max-warnings), 2 usage error or internal failure
 * (with a one-line message, never a stack trace unless DEPLOY_LINT_DEBUG is
 * set).
 *
 * `main` has no side effects on the process: it writes only to `io.stdout` and
 * `io.stderr`, reads `io.env`, resolves paths against `io.cwd`, never exits,
 * and returns the exit code. bin/deploy-lint.js is the process around it.
 * A command is one file in commands/ and one line in COMMANDS.
 */
import yargs from 'yargs';
import type { Command, Run } from './command.js';
import { baselineCommand } from './commands/baseline.js';
import { bootCommand } from './commands/boot.js';
import { configCommand } from './commands/config.js';
import { explainCommand } from './commands/explain.js';
import { fixCommand } from './commands/fix.js';
import { graphCommand } from './commands/graph.js';
import { lintCommand } from './commands/lint.js';
import { lspCommand } from './commands/lsp.js';
import { rulesCommand } from './commands/rules.js';
import { whyCommand } from './commands/why.js';
import { isPluginMode, pluginArgv } from './drone/plugin.js';
import { reportFailure, UsageError } from './errors.js';
import type { CliIO } from './io.js';
import { toolVersion } from '../version.js';

export { UsageError } from './errors.js';
export { processIO, type CliIO } from './io.js';

/** In the order `--help` lists them; the default command (lint) first. */
const COMMANDS: readonly Command[] = [lintCommand, baselineCommand, fixCommand, graphCommand, whyCommand, bootCommand, configCommand, rulesCommand, explainCommand, lspCommand];

export async function main(argvIn: readonly string[], io: CliIO): Promise<number> {
  const argv = isPluginMode(io.env, argvIn) ? pluginArgv(io.env) : [...argvIn];
  const run: Run = { io, argv, exitCode: 0 };
  try {
    let parser = yargs(argv).scriptName('deploy-lint').usage('$0 [paths..]  lint the deploy graph of these files and folders (default: .)');
    for (const command of COMMANDS) parser = command(parser, run);
    parser = parser
      .strict()
      .version(toolVersion())
      .help()
      .fail((msg, err) => {
        throw err ?? new UsageError(msg);
      });
    // With a callback yargs neither prints (--help, --version) nor exits: the text comes here.
    await parser.parseAsync(argv, {}, (_err, _args, output) => {
      if (output) io.stdout.write(`${output}\n`);
    });
    return run.exitCode;
  } catch (e) {
    return reportFailure(e, io);
  }
}
