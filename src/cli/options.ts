/** The options every command that builds the graph takes, and the lint run they ask for. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { knownRuleIds } from '../config/kinds.js';
import { resolveConfig } from '../config/resolve.js';
import { findRepositoryRoot, isInside } from '../config/root.js';
import type { Baseline } from '../baseline/baseline.js';
import { lint, type LintOptions, type LintResult } from '../lint.js';
import { createLintSession } from '../session/lint-session.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { UsageError } from './errors.js';
import { commaList, globList } from './lists.js';
import type { CliIO } from './io.js';
import { progressLine } from './progress.js';
import { VERBOSE_ONLY } from '../model/builtin-findings.js';
import { keepHeapNearLive } from '../runtime/v8-tuning.js';

export function graphOptions<T>(y: Argv<T>) {
  return y
    .positional('paths', { type: 'string', array: true, default: ['.'] })
    .option('root', { type: 'string', describe: 'the folder reported paths are relative to (default: the nearest folder above the paths with .git or a deploy-lint config)' })
    .option('config', { alias: 'c', type: 'string', describe: 'config file (default: deploy-lint.config.{json,yaml} or package.json "deploy-lint", searched upward)' })
    .option('ignore', { type: 'string', array: true, coerce: globList, describe: 'globs of paths to skip (repeatable, or comma-separated)' })
    .option('default-target', { type: 'string', describe: 'the target a cold boot starts (default multi-user.target)' })
    .option('host', { type: 'string', describe: 'lint only this host of a multi-host repo' })
    .option('select', { type: 'string', array: true, coerce: commaList, describe: 'run only these rules, repeatable or comma-separated (parse errors are always reported)' })
    .option('ignore-rule', { type: 'string', array: true, coerce: commaList, describe: 'never run or report these rules (repeatable, or comma-separated)' })
    .option('inline-suppressions', { type: 'boolean', default: true, describe: 'honour deploy-lint-disable comments (--no-inline-suppressions ignores them)' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'also print the notes about what deploy-lint could not know or read (nix-unknown, shell-unparsed)' });
}

export interface GraphArgs {
  paths: string[];
  root?: string;
  config?: string;
  ignore?: string[];
  'default-target'?: string;
  host?: string;
  select?: string[];
  'ignore-rule'?: string[];
  'inline-suppressions'?: boolean;
  verbose?: boolean;
}

/** Checks the flags and gives the lint run they ask for (without a progress line). */
export function lintOptions(args: GraphArgs, io: CliIO, more: { baseline?: Baseline; changedOnly?: string[] } = {}): LintOptions & { cwd: string; config: ResolvedConfig } {
  const { cwd } = io;
  const config = resolveConfig(cwd, { configFile: args.config, ignore: args.ignore, defaultTarget: args['default-target'] });
  const known = knownRuleIds();
  for (const [flag, ids] of [['--select', args.select], ['--ignore-rule', args['ignore-rule']]] as const) {
    const bad = (ids ?? []).filter((id) => !known.has(id));
    if (bad.length) throw new UsageError(`${flag}: unknown rule '${bad[0]}'; \`deploy-lint rules\` lists them`);
  }
  // A mistyped path in CI must not pass as "0 files, no findings".
  const missing = args.paths.find((p) => !existsSync(resolve(cwd, p)));
  if (missing !== undefined) throw new UsageError(`no such file or folder: ${missing}`);
  const root = args.root !== undefined ? resolve(cwd, args.root) : findRepositoryRoot(args.paths, cwd);
  if (args.root !== undefined && !statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--root: no such folder: ${args.root}`);
  const outside = args.paths.find((p) => !isInside(resolve(cwd, p), root));
  if (outside !== undefined) throw new UsageError(`${outside} is outside --root ${args.root}; paths are reported relative to the root`);
  return {
    paths: args.paths,
    cwd,
    root,
    ignore: args.ignore,
    defaultTarget: args['default-target'],
    host: args.host,
    config,
    select: args.select,
    ignoreRules: args['ignore-rule'],
    inlineSuppressions: args['inline-suppressions'],
    baseline: more.baseline,
    changedOnly: more.changedOnly,
  };
}

/** Checks the flags, then lints, with a progress line on a terminal's stderr. */
export async function runLint(
  args: GraphArgs,
  io: CliIO,
  more: { baseline?: Baseline; changedOnly?: string[]; stdin?: { path: string; text: string } } = {},
  opts = lintOptions(args, io, more),
): Promise<LintResult> {
  // On a terminal only, and not TERM=dumb: the line is redrawn with \r and an erase sequence.
  // A gate that checks nothing must not pass: these are usage errors naming what exists (issue 12).
  if (more.changedOnly !== undefined && more.changedOnly.length === 0) throw new UsageError('--changed-only: no file given (pass the changed files; with none, there is nothing to check)');
  const shown = Boolean(io.stderr.isTTY) && io.env.TERM !== 'dumb';
  const progress = progressLine(io.stderr, shown);
  try {
    const options: LintOptions = { ...opts, ...(shown ? { onProgress: (s: string) => progress.stage(s) } : {}), onLargeInput: () => keepHeapNearLive(io.env) };
    // --stdin-filename: the text read from stdin stands in for that file (an editor's unsaved buffer).
    const result = more.stdin
      ? await createLintSession(options).lint({ overrides: new Map([[resolve(opts.cwd, more.stdin.path), more.stdin.text]]) })
      : await lint(options);
    checkSomethingLinted(args, result);
    return withoutVerboseNotes(args, result);
  } finally {
    progress.done();
  }
}

/** Nothing found to lint, or a --host that names no host: exit 2 with what exists, never a green run over nothing. */
function checkSomethingLinted(args: GraphArgs, result: LintResult): void {
  if (result.files.length === 0) throw new UsageError(`nothing to lint in ${args.paths.join(' ')}: no unit, drop-in, Nix, reconcile script, spec, stack or shell file found`);
  if (args.host === undefined) return;
  const known = (result.hosts ?? []).filter((h) => h !== '');
  if (known.includes(args.host)) return;
  // Modules no host imports are checked on their own and --host takes their path too, but they are not hosts: said apart.
  const alone = new Set(result.modulesAlone ?? []);
  const hosts = known.filter((h) => !alone.has(h)).sort();
  const modules = alone.size ? ` (--host also takes a module read on its own: ${[...alone].sort().join(', ')})` : '';
  throw new UsageError(`--host ${args.host}: no such host; ${hosts.length ? `the hosts are: ${hosts.join(', ')}` : 'this repository declares no host'}${modules}`);
}

/** Notes about unknown values only with --verbose. */
export function withoutVerboseNotes(args: GraphArgs, result: LintResult): LintResult {
  return args.verbose ? result : { ...result, diagnostics: result.diagnostics.filter((d) => !VERBOSE_ONLY.has(d.rule)) };
}
