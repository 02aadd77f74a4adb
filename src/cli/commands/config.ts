/** `deploy-lint config`: the configuration in effect and where each value comes from. */
import { resolveConfig } from '../../config/resolve.js';
import { describeConfig, formatConfig } from '../../config/show.js';
import type { Command } from '../command.js';
import { globList } from '../lists.js';

export const configCommand: Command = (y, run) =>
  y.command(
    'config',
    'print the configuration in effect and where each value comes from',
    (y) =>
      y
        .option('config', { alias: 'c', type: 'string', describe: 'config file (default: searched upward from the working directory)' })
        .option('default-target', { type: 'string' })
        .option('ignore', { type: 'string', array: true, coerce: globList })
        .option('json', { type: 'boolean', default: false, describe: 'print as JSON' }),
    (args) => {
      const { cwd } = run.io;
      const d = describeConfig(resolveConfig(cwd, { configFile: args.config, ignore: args.ignore, defaultTarget: args['default-target'] }), cwd);
      run.io.stdout.write(args.json ? `${JSON.stringify(d, null, 2)}\n` : formatConfig(d));
    },
  );
