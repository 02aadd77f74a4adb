/** `deploy-lint [paths..]`: lint the deploy graph and report in one or more formats. */
import { resolve } from 'node:path';
import { knownRuleIds } from '../../config/kinds.js';
import { readBaseline } from '../../baseline/baseline.js';
import type { Severity } from '../../model/diagnostic.js';
import { HUMAN_FORMATS, REPORTERS } from '../../report/index.js';
import { escapedInput, EXACT_FORMATS } from '../../report/escape.js';
import { statistics } from '../../report/statistics.js';
import type { Command } from '../command.js';
import { cardData, writeCard } from '../drone/card.js';
import { UsageError } from '../errors.js';
import { exitCodeFor } from '../exit-code.js';
import { sourceReader, useColor, writeOutput } from '../io.js';
import { graphOptions, runLint } from '../options.js';
import { pairOutputs } from '../outputs.js';
import { toolVersion } from '../../version.js';
import { readStdinFor } from '../stdin.js';

export const lintCommand: Command = (y, run) => {
  const formats = Object.keys(REPORTERS).join('|');
  return y.command(
    '$0 [paths..]',
    'lint the deploy graph',
    (y) =>
      graphOptions(y)
        .option('format', { alias: 'f', type: 'string', describe: `output format, repeatable: ${formats} (default stylish)` })
        .option('output-file', { alias: 'o', type: 'string', describe: 'write the --format just before it to this file (repeatable)' })
        .option('color', { type: 'boolean', describe: 'force colours on or off (default: on for a terminal; NO_COLOR/FORCE_COLOR honoured)' })
        .option('fail-on', { choices: ['error', 'warning', 'info'] as const, describe: 'exit 1 when a finding is at least this severe (default error)' })
        .option('max-warnings', { type: 'number', describe: 'exit 1 when there are more warnings than this' })
        .option('exit-zero', { type: 'boolean', describe: 'exit 0 even with findings (2 still means a usage or internal error)' })
        .option('baseline', { type: 'string', describe: 'leave out the known findings listed in this file (see `baseline create`)' })
        .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'report errors only (warnings and info are neither shown nor counted)' })
        .option('statistics', { type: 'boolean', default: false, describe: 'print how many findings of each rule there are, instead of the findings (--output-file reports are still written)' })
        .option('stdin-filename', { type: 'string', describe: "lint with standard input standing in for this file's contents (an editor's unsaved buffer)" })
        .option('changed-only', { type: 'string', array: true, describe: 'report only findings that start in or pass through these files (the whole graph is still built)' }),
    async (args) => {
      const { io } = run;
      const targets = pairOutputs(run.argv, 'stylish');
      for (const t of targets) {
        if (!REPORTERS[t.format]) throw new UsageError(`unknown --format '${t.format}'; expected one of ${Object.keys(REPORTERS).join(', ')}`);
      }
      const maxWarnings = args['max-warnings'];
      if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) throw new UsageError('--max-warnings expects a whole number ≥ 0');
      const baselineFile = args.baseline;
      const baseline = baselineFile !== undefined ? readBaseline(baselineFile, io.cwd) : undefined;
      const stdinFile = args['stdin-filename'];
      const stdin = stdinFile === undefined ? undefined : { path: stdinFile, text: await readStdinFor(io, stdinFile) };
      const result = await runLint(args, io, { baseline, changedOnly: args['changed-only'], stdin });
      const source = sourceReader(result.root, new Map(stdin ? [[resolve(io.cwd, stdin.path), stdin.text]] : []));
      const diagnostics = args.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
      const input = {
        diagnostics,
        fileCount: result.files.length,
        toolVersion: toolVersion(),
        sourceLine: source.line,
        sourceText: source.text,
        suppressed: result.hidden,
        failOn: args['fail-on'] as Severity | undefined,
        rules: [...knownRuleIds()].filter((id) => !args['ignore-rule']?.includes(id) && (!args.select?.length || args.select.includes(id))),
      };
      for (const t of targets) {
        if (args.statistics && t.file === undefined) continue;
        const color = t.file === undefined && HUMAN_FORMATS.has(t.format) && useColor(args.color, io.env, Boolean(io.stdout.isTTY));
        // Wrapped to the terminal's width on a terminal only (TERM=dumb and pipes get plain long lines).
        const width = t.file === undefined && io.stdout.isTTY && io.env.TERM !== 'dumb' && io.stdout.columns ? io.stdout.columns : undefined;
        const shown = EXACT_FORMATS.has(t.format) ? input : escapedInput(input);
        writeOutput(io, t.file, REPORTERS[t.format]!({ ...shown, color, width }));
      }
      if (args.statistics) io.stdout.write(statistics(diagnostics));
      if (result.baselined.length) io.stderr.write(`deploy-lint: ${result.baselined.length} known finding(s) hidden by ${baselineFile}\n`);
      if (result.staleBaseline.length) {
        const n = result.staleBaseline.reduce((s, e) => s + e.count, 0);
        io.stderr.write(`deploy-lint: ${n} baseline entr${n === 1 ? 'y matches' : 'ies match'} no finding any more; \`deploy-lint baseline prune --baseline ${baselineFile}\` removes them\n`);
      }
      run.exitCode = exitCodeFor(diagnostics, { failOn: args['fail-on'] as Severity | undefined, maxWarnings, exitZero: args['exit-zero'] });
      if (io.env.DRONE === 'true' && io.env.DRONE_CARD_PATH) writeCard(io, io.env.DRONE_CARD_PATH, cardData(result.diagnostics, result.files.length, run.exitCode));
    },
  );
};
