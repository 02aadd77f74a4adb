/** `deploy-lint graph`: draw the deploy graph (dot, mermaid, json) with the findings' paths highlighted. */
import { GRAPH_FORMATS, renderGraphs, type GraphFormat } from '../../export/render.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { graphOptions, runLint } from '../options.js';

export const graphCommand: Command = (y, run) =>
  y.command(
    'graph [paths..]',
    "draw the deploy graph with the findings' paths highlighted",
    (y) =>
      graphOptions(y)
        .option('format', { alias: 'f', choices: GRAPH_FORMATS, default: 'dot' as GraphFormat, describe: 'dot (Graphviz), mermaid, or json (the full graph as data)' })
        .option('focus', { type: 'string', describe: 'draw only the neighbourhood of this node (unit, host name, spec or stack name)' })
        .option('depth', { type: 'number', default: 2, describe: 'with --focus: how many edges away to go' })
        .option('all', { type: 'boolean', default: false, describe: 'draw every node, including stock systemd units not linked to the repository' }),
    async (args) => {
      if (!Number.isInteger(args.depth) || args.depth < 0) throw new UsageError('--depth expects a whole number ≥ 0');
      const result = await runLint(args, run.io);
      run.io.stdout.write(renderGraphs(result.graphs, result.diagnostics, args.format, { focus: args.focus, depth: args.depth, all: args.all }));
    },
  );
