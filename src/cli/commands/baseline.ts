/** `deploy-lint baseline create|prune`: record the known findings, or drop the ones that are gone. */
import { baselineFrom, DEFAULT_BASELINE_FILE, matchBaseline, readBaseline, writeBaseline } from '../../baseline/baseline.js';
import type { Command } from '../command.js';
import { graphOptions, runLint } from '../options.js';

export const baselineCommand: Command = (y, run) =>
  y.command(
    'baseline <action> [paths..]',
    'create or prune the baseline of known findings',
    (y) =>
      graphOptions(y)
        .positional('action', { choices: ['create', 'prune'] as const, demandOption: true })
        .option('baseline', { type: 'string', default: DEFAULT_BASELINE_FILE, describe: 'the baseline file' }),
    async (args) => {
      const { io } = run;
      const file = args.baseline;
      const result = await runLint(args, io);
      if (args.action === 'create') {
        const b = baselineFrom(result.diagnostics);
        writeBaseline(file, b, io.cwd);
        io.stderr.write(`deploy-lint: wrote ${result.diagnostics.length} finding(s) as ${b.findings.length} entr${b.findings.length === 1 ? 'y' : 'ies'} to ${file}\n`);
      } else {
        const m = matchBaseline(result.diagnostics, readBaseline(file, io.cwd));
        writeBaseline(file, m.pruned, io.cwd);
        const n = m.stale.reduce((s, e) => s + e.count, 0);
        io.stderr.write(`deploy-lint: removed ${n} stale finding(s) from ${file}; ${m.pruned.findings.length} entr${m.pruned.findings.length === 1 ? 'y' : 'ies'} left\n`);
      }
    },
  );
