/**
 * The command line. Exit codes: 0 no findings at or above --fail-on, 1 there
 * are (or warnings exceed --max-warnings), 2 usage error or internal failure
 * (with a one-line message, never a stack trace unless DEPLOY_LINT_DEBUG is
 * set).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { MAX_FILE_BYTES } from './discover/read.js';
import { lint, type LintResult } from './lint.js';
import { packageRoot } from './package-root.js';
import { HUMAN_FORMATS, REPORTERS } from './report/index.js';
import { explainRule, listRules } from './explain.js';
import { ConfigError } from './config/load.js';
import { resolveConfig } from './config/resolve.js';
import { describeConfig, formatConfig } from './config/show.js';
import { knownRuleIds } from './config/kinds.js';
import { exitCodeFor } from './report/exit-code.js';
import { OutputPairingError, pairOutputs } from './report/outputs.js';
import { progressLine } from './report/progress.js';
import { BaselineError, baselineFrom, DEFAULT_BASELINE_FILE, matchBaseline, readBaseline, writeBaseline, type Baseline } from './baseline/baseline.js';
import { GRAPH_FORMATS, GraphExportError, renderGraphs, type GraphFormat } from './export/render.js';
import { ANY_EDGE, formatWhy, resolveNode, whyPath } from './export/why.js';
import type { EdgeKind } from './graph/model.js';
import { isPluginMode, pluginArgv } from './drone/plugin.js';
import { cardData, writeCard } from './drone/card.js';
import type { Severity } from './model/diagnostic.js';
import { tuneV8ForShortRuns } from './runtime/v8-tuning.js';

export class UsageError extends Error {}

/** Errors that are the user's to fix: printed without "internal error". */
const USAGE_ERRORS = [UsageError, ConfigError, BaselineError, OutputPairingError, GraphExportError];

function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** NO_COLOR and FORCE_COLOR (https://no-color.org, https://force-color.org), then --color, then the TTY. */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

function sourceLineReader(): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | null>();
  return (file, line) => {
    if (!cache.has(file)) {
      try {
        // Only regular files of a sane size: a FIFO would block, /dev/zero never ends.
        const st = statSync(resolve(file));
        const text = st.isFile() && st.size <= MAX_FILE_BYTES ? readFileSync(resolve(file), 'utf8') : null;
        cache.set(file, text === null ? null : text.split(/\r?\n/));
      } catch {
        cache.set(file, null);
      }
    }
    return cache.get(file)?.[line - 1];
  };
}

/** Options every command that builds the graph takes. */
function graphOptions<T>(y: Argv<T>) {
  return y
    .positional('paths', { type: 'string', array: true, default: ['.'] })
    .option('config', { alias: 'c', type: 'string', describe: 'config file (default: deploy-lint.config.{json,yaml} or package.json "deploy-lint", searched upward)' })
    .option('ignore', { type: 'string', array: true, describe: 'glob of paths to skip (repeatable)' })
    .option('default-target', { type: 'string', describe: 'the target a cold boot starts (default multi-user.target)' })
    .option('host', { type: 'string', describe: 'lint only this host of a multi-host repo' })
    .option('select', { type: 'string', array: true, describe: 'run only these rules (parse errors are always reported)' })
    .option('ignore-rule', { type: 'string', array: true, describe: 'never run or report these rules' })
    .option('inline-suppressions', { type: 'boolean', default: true, describe: 'honour deploy-lint-disable comments (--no-inline-suppressions ignores them)' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'also print the notes about values deploy-lint could not know (nix-unknown)' });
}

/** Notes about unknown values: useful when a finding is missing, noise otherwise. */
const VERBOSE_ONLY = new Set(['nix-unknown']);

interface GraphArgs {
  paths: string[];
  config?: string;
  ignore?: string[];
  'default-target'?: string;
  host?: string;
  select?: string[];
  'ignore-rule'?: string[];
  'inline-suppressions'?: boolean;
  verbose?: boolean;
}

async function runLint(args: GraphArgs, more: { baseline?: Baseline; changedOnly?: string[] } = {}): Promise<LintResult> {
  const cwd = process.cwd();
  const config = resolveConfig(cwd, { configFile: args.config, ignore: args.ignore, defaultTarget: args['default-target'] });
  const known = knownRuleIds();
  for (const [flag, ids] of [['--select', args.select], ['--ignore-rule', args['ignore-rule']]] as const) {
    const bad = (ids ?? []).filter((id) => !known.has(id));
    if (bad.length) throw new UsageError(`${flag}: unknown rule '${bad[0]}'; \`deploy-lint rules\` lists them`);
  }
  // A mistyped path in CI must not pass as "0 files, no findings".
  const missing = args.paths.find((p) => !existsSync(resolve(cwd, p)));
  if (missing !== undefined) throw new UsageError(`no such file or folder: ${missing}`);
  const progress = progressLine(process.stderr);
  try {
    const result = await lint({
      paths: args.paths,
      cwd,
      ignore: args.ignore,
      defaultTarget: args['default-target'],
      host: args.host,
      config,
      select: args.select,
      ignoreRules: args['ignore-rule'],
      inlineSuppressions: args['inline-suppressions'],
      baseline: more.baseline,
      changedOnly: more.changedOnly,
      onProgress: (s) => progress.stage(s),
    });
    return args.verbose ? result : { ...result, diagnostics: result.diagnostics.filter((d) => !VERBOSE_ONLY.has(d.rule)) };
  } finally {
    progress.done();
  }
}

function writeOutput(file: string | undefined, text: string): void {
  if (file === undefined) {
    process.stdout.write(text);
    return;
  }
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, text);
}

export async function main(argvIn: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const argv = isPluginMode(env, argvIn) ? pluginArgv(env) : argvIn;
  let exitCode = 0;
  const formats = Object.keys(REPORTERS).join('|');
  const parser = yargs(argv)
    .scriptName('deploy-lint')
    .usage('$0 [paths..]  lint the deploy graph of these files and folders (default: .)')
    .command(
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
          .option('changed-only', { type: 'string', array: true, describe: 'report only findings that start in or pass through these files (the whole graph is still built)' }),
      async (args) => {
        const targets = pairOutputs(argv, 'stylish');
        for (const t of targets) {
          if (!REPORTERS[t.format]) throw new UsageError(`unknown --format '${t.format}'; expected one of ${Object.keys(REPORTERS).join(', ')}`);
        }
        const maxWarnings = args['max-warnings'];
        if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) throw new UsageError('--max-warnings expects a whole number ≥ 0');
        const baselineFile = args.baseline;
        const baseline = baselineFile !== undefined ? readBaseline(baselineFile) : undefined;
        const result = await runLint(args, { baseline, changedOnly: args['changed-only'] });
        const input = {
          diagnostics: result.diagnostics,
          fileCount: result.files.length,
          toolVersion: toolVersion(),
          sourceLine: sourceLineReader(),
          rules: [...knownRuleIds()].filter((id) => !args['ignore-rule']?.includes(id) && (!args.select?.length || args.select.includes(id))),
        };
        for (const t of targets) {
          const color = t.file === undefined && HUMAN_FORMATS.has(t.format) && useColor(args.color, env, Boolean(process.stdout.isTTY));
          writeOutput(t.file, REPORTERS[t.format]!({ ...input, color }));
        }
        if (result.baselined.length) process.stderr.write(`deploy-lint: ${result.baselined.length} known finding(s) hidden by ${baselineFile}\n`);
        if (result.staleBaseline.length) {
          const n = result.staleBaseline.reduce((s, e) => s + e.count, 0);
          process.stderr.write(`deploy-lint: ${n} baseline entr${n === 1 ? 'y matches' : 'ies match'} no finding any more; \`deploy-lint baseline prune --baseline ${baselineFile}\` removes them\n`);
        }
        exitCode = exitCodeFor(result.diagnostics, { failOn: args['fail-on'] as Severity | undefined, maxWarnings, exitZero: args['exit-zero'] });
        if (env.DRONE === 'true' && env.DRONE_CARD_PATH) writeCard(env.DRONE_CARD_PATH, cardData(result.diagnostics, result.files.length, exitCode), env);
      },
    )
    .command(
      'baseline <action> [paths..]',
      'create or prune the baseline of known findings',
      (y) =>
        graphOptions(y)
          .positional('action', { choices: ['create', 'prune'] as const, demandOption: true })
          .option('baseline', { type: 'string', default: DEFAULT_BASELINE_FILE, describe: 'the baseline file' }),
      async (args) => {
        const file = args.baseline;
        const result = await runLint(args);
        if (args.action === 'create') {
          const b = baselineFrom(result.diagnostics);
          writeBaseline(file, b);
          process.stderr.write(`deploy-lint: wrote ${result.diagnostics.length} finding(s) as ${b.findings.length} entr${b.findings.length === 1 ? 'y' : 'ies'} to ${file}\n`);
        } else {
          const m = matchBaseline(result.diagnostics, readBaseline(file));
          writeBaseline(file, m.pruned);
          const n = m.stale.reduce((s, e) => s + e.count, 0);
          process.stderr.write(`deploy-lint: removed ${n} stale finding(s) from ${file}; ${m.pruned.findings.length} entr${m.pruned.findings.length === 1 ? 'y' : 'ies'} left\n`);
        }
      },
    )
    .command(
      'graph [paths..]',
      'draw the deploy graph with the findings\' paths highlighted',
      (y) =>
        graphOptions(y)
          .option('format', { alias: 'f', choices: GRAPH_FORMATS, default: 'dot' as GraphFormat, describe: 'dot (Graphviz), mermaid, or json (the full graph as data)' })
          .option('focus', { type: 'string', describe: 'draw only the neighbourhood of this node (unit, host name, spec or stack name)' })
          .option('depth', { type: 'number', default: 2, describe: 'with --focus: how many edges away to go' })
          .option('all', { type: 'boolean', default: false, describe: 'draw every node, including stock systemd units not linked to the repository' }),
      async (args) => {
        if (!Number.isInteger(args.depth) || args.depth < 0) throw new UsageError('--depth expects a whole number ≥ 0');
        const result = await runLint(args);
        process.stdout.write(renderGraphs(result.graphs, result.diagnostics, args.format, { focus: args.focus, depth: args.depth, all: args.all }));
      },
    )
    .command(
      'why <from> <to> [paths..]',
      'print the shortest path from one node to another, each step with its file and line',
      (y) =>
        graphOptions(y)
          .positional('from', { type: 'string', demandOption: true })
          .positional('to', { type: 'string', demandOption: true })
          .option('edges', { type: 'string', array: true, describe: `edge kinds to follow (default: after, then any): ${ANY_EDGE.join(', ')}` }),
      async (args) => {
        const kinds = args.edges?.length ? args.edges : undefined;
        const bad = kinds?.find((k) => !ANY_EDGE.includes(k as EdgeKind));
        if (bad) throw new UsageError(`--edges: unknown edge kind '${bad}'; expected ${ANY_EDGE.join(', ')}`);
        const result = await runLint(args);
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
        process.stdout.write(out.join(''));
        exitCode = found ? 0 : 1;
      },
    )
    .command(
      'config',
      'print the configuration in effect and where each value comes from',
      (y) =>
        y
          .option('config', { alias: 'c', type: 'string', describe: 'config file (default: searched upward from the working directory)' })
          .option('default-target', { type: 'string' })
          .option('ignore', { type: 'string', array: true })
          .option('json', { type: 'boolean', default: false, describe: 'print as JSON' }),
      (args) => {
        const cwd = process.cwd();
        const d = describeConfig(resolveConfig(cwd, { configFile: args.config, ignore: args.ignore, defaultTarget: args['default-target'] }), cwd);
        process.stdout.write(args.json ? `${JSON.stringify(d, null, 2)}\n` : formatConfig(d));
      },
    )
    .command('rules', 'list every rule with its default severity', {}, () => {
      process.stdout.write(listRules());
    })
    .command(
      'explain <rule>',
      "print a rule's documentation",
      (y) => y.positional('rule', { type: 'string', demandOption: true }),
      (args) => {
        const text = explainRule(args.rule);
        if (!text) throw new UsageError(`unknown rule '${args.rule}'; \`deploy-lint rules\` lists them`);
        process.stdout.write(text);
      },
    )
    .strict()
    .version(toolVersion())
    .help()
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  await parser.parseAsync();
  return exitCode;
}

tuneV8ForShortRuns();
try {
  process.exitCode = await main(hideBin(process.argv));
} catch (e) {
  const err = e as Error;
  const usage = USAGE_ERRORS.some((c) => err instanceof c) || err.name === 'YError';
  process.stderr.write(`${err.message.split('\n').map((l) => `deploy-lint: ${usage ? '' : 'internal error: '}${l}`).join('\n')}\n`);
  if (process.env.DEPLOY_LINT_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
}
