/** `deploy-lint boot`: the cold-boot plan of each host (src/boot/), before anything is deployed. */
import { BOOT_FORMATS, bootPlans, renderPlans, type BootFormat } from '../../boot/index.js';
import { DEFAULT_SETTINGS } from '../../lint.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { graphOptions, lintOptions, runLint } from '../options.js';

export const bootCommand: Command = (y, run) =>
  y.command(
    'boot [paths..]',
    'the cold-boot plan of each host: critical chain, worst-case time to the target, what blocks, fails or never starts',
    (y) =>
      graphOptions(y)
        .option('target', { alias: 't', type: 'string', describe: 'plan the start of this unit instead of the default target' })
        .option('format', { alias: 'f', choices: BOOT_FORMATS, default: 'text' as BootFormat, describe: 'text, json, svg (a timeline like systemd-analyze plot) or mermaid (a gantt chart)' }),
    async (args) => {
      const opts = lintOptions(args, run.io);
      const result = await runLint(args, run.io, {}, opts);
      const { plans, missing } = bootPlans(result.graphs, {
        target: args.target,
        defaultTimeoutStartSec: opts.config.defaultTimeoutStartSec ?? DEFAULT_SETTINGS.defaultTimeoutStartSec,
      });
      if (plans.length === 0) {
        const what = args.target ?? 'the default target';
        throw new UsageError(result.graphs.length === 0 ? 'no host to plan: no unit was found' : `${what} is not a unit of ${missing.join(', ')}`);
      }
      run.io.stdout.write(renderPlans(plans, args.format));
    },
  );
