/** `deploy-lint why FROM TO`: the shortest path between two nodes, each step with its file and line. */
import { ANY_EDGE, formatWhy, resolveNode, whyPath } from '../../export/why.js';
import type { EdgeKind } from '../../graph/model.js';
import type { Command } from '../command.js';
import { commaList } from '../lists.js';
import { UsageError } from '../errors.js';
import { graphOptions, runLint } from '../options.js';

export const whyCommand: Command = (y, run) =>
  y.command(
    'why <from> <to> [paths..]',
    'print the shortest path from one node to another, each step with its file and line',
    (y) =>
      graphOptions(y)
        .positional('from', { type: 'string', demandOption: true })
        .positional('to', { type: 'string', demandOption: true })
        .option('edges', { type: 'string', array: true, coerce: commaList, describe: `edge kinds to follow (default: after, then any): ${ANY_EDGE.join(', ')}` }),
    async (args) => {
      const kinds = args.edges?.length ? args.edges : undefined;
      const bad = kinds?.find((k) => !ANY_EDGE.includes(k as EdgeKind));
      if (bad) throw new UsageError(`--edges: unknown edge kind '${bad}'; expected ${ANY_EDGE.join(', ')}`);
      const result = await runLint(args, run.io);
      const out: string[] = [];
      const errors: string[] = [];
      let found = false;
      for (const g of result.graphs) {
        const a = resolveNode(g, args.from);
        const b = resolveNode(g, args.to);
        if ('error' in a || 'error' in b) {
          errors.push('error' in a ? a.error : (b as { error: string }).error);
          continue;
        }
        const head = result.graphs.length > 1 ? `host ${g.host || '(shared)'}: ` : '';
        const p = whyPath(g, a.id, b.id, kinds as EdgeKind[] | undefined);
        if (p) found = true;
        out.push(p ? head + formatWhy(a.id, b.id, p) : `${head}no path from ${a.id} to ${b.id}\n`);
      }
      if (out.length === 0) throw new UsageError(errors[0] ?? 'no graph was built');
      run.io.stdout.write(out.join(''));
      run.exitCode = found ? 0 : 1;
    },
  );
