/**
 * `deploy-lint fix`: applies fixes (src/fix/): the safe ones of every finding,
 * with --unsafe-fixes the unsafe ones too, or with --rule R --option N the
 * chosen option of R's findings. The repository is linted again with the edits
 * in a copy first; the run writes nothing and exits 2 if an edit would not
 * parse, would leave its finding or would bring a new error. --diff prints the
 * edits as a unified diff instead of writing them. The exit code is the one the
 * repository lints to after the fix (0 clean, 1 errors remain).
 */
import { lstatSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { knownRuleIds } from '../../config/kinds.js';
import { writeFileAtomic } from '../../fs/atomic-write.js';
import { planFixes, type FixPlan } from '../../fix/plan.js';
import { repoFiles } from '../../fix/repo-text.js';
import { selectFixes, unsafeOnly, type FixChoice } from '../../fix/select.js';
import { verifyPlan } from '../../fix/verify.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { exitCodeFor } from '../exit-code.js';
import { graphOptions, lintOptions, runLint, withoutVerboseNotes } from '../options.js';

export const fixCommand: Command = (y, run) =>
  y.command(
    'fix [paths..]',
    'apply fixes, proven first by linting the fixed repository: the safe ones, or one chosen option of one rule',
    (y) =>
      graphOptions(y)
        .option('rule', { type: 'string', describe: "fix only this rule's findings" })
        .option('option', { type: 'number', describe: 'with --rule: apply this fix option (as numbered in the report: fix 1, fix 2, …), whatever its applicability' })
        .option('unsafe-fixes', { type: 'boolean', default: false, describe: 'also apply unsafe fixes (they change what the boot does)' })
        .option('diff', { type: 'boolean', default: false, describe: 'print the edits as a unified diff and write nothing' }),
    async (args) => {
      const choice = choiceOf(args);
      const opts = lintOptions(args, run.io);
      const before = await runLint(args, run.io, {}, opts);
      const { chosen, left } = selectFixes(before.diagnostics, choice);
      if (choice.kind === 'option' && chosen.length === 0) {
        throw new UsageError(left.length ? left.join('\n') : `no ${choice.rule} finding to fix`);
      }
      const plan = planFixes(chosen, repoFiles(before.root).read);
      if (plan.applied.length === 0) {
        const hint = !args['unsafe-fixes'] && unsafeOnly(before.diagnostics) ? ` (${unsafeOnly(before.diagnostics)} with unsafe fixes: --unsafe-fixes, or --rule R --option N to choose one)` : '';
        run.io.stderr.write(`nothing to fix: no finding has a fix to apply${hint}\n`);
        run.exitCode = exitCodeFor(before.diagnostics, {});
        return;
      }
      refuseCreatingOver(plan, before.root);
      const verdict = await verifyPlan(plan, opts, before);
      if (verdict.problems.length) throw new UsageError(['fix refused, nothing written:', ...verdict.problems].join('\n'));
      const after = withoutVerboseNotes(args, verdict.after);
      if (args.diff) {
        for (const c of plan.changes) run.io.stdout.write(createTwoFilesPatch(c.before === null ? '/dev/null' : `a/${c.file}`, `b/${c.file}`, c.before ?? '', c.after, '', '', { context: 3 }).replace(/^=+\n/, ''));
      } else {
        for (const c of plan.changes) writeFileAtomic(resolve(before.root, c.file), c.after, { root: rootOf(c.file, opts.paths, run.io.cwd, before.root) });
      }
      const out = args.diff ? run.io.stderr : run.io.stdout;
      for (const f of plan.applied) out.write(`${args.diff ? 'would fix' : 'fixed'} ${f.diagnostic.rule} at ${f.diagnostic.location.file}:${f.diagnostic.location.line}:${f.diagnostic.location.column} with fix ${f.option}: ${f.fix.description}\n`);
      for (const s of plan.skipped) out.write(`left for the next run: ${s.fix.diagnostic.rule} at ${s.fix.diagnostic.location.file}:${s.fix.diagnostic.location.line}: ${s.reason}\n`);
      for (const l of left) out.write(`not fixed: ${l}\n`);
      const errors = after.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = after.diagnostics.filter((d) => d.severity === 'warning').length;
      const files = `${plan.changes.length} file${plan.changes.length === 1 ? '' : 's'}`;
      out.write(`${args.diff ? `would edit ${files}` : `edited ${files}`}; after the fix the repository lints to ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
      run.exitCode = exitCodeFor(after.diagnostics, {});
    },
  );

function choiceOf(args: { rule?: string; option?: number; 'unsafe-fixes': boolean }): FixChoice {
  if (args.rule !== undefined && !knownRuleIds().has(args.rule)) throw new UsageError(`--rule: unknown rule '${args.rule}'; \`deploy-lint rules\` lists them`);
  if (args.option === undefined) return { kind: 'applicable', unsafe: args['unsafe-fixes'], ...(args.rule !== undefined ? { rule: args.rule } : {}) };
  if (args.rule === undefined) throw new UsageError('--option needs --rule: fix options are numbered per rule');
  if (!Number.isInteger(args.option) || args.option < 1) throw new UsageError('--option expects a fix number: 1, 2, …');
  return { kind: 'option', rule: args.rule, option: args.option };
}

/** A created file (a drop-in) must not replace one that the fix could not read. Files are relative to `root`. */
function refuseCreatingOver(plan: FixPlan, root: string): void {
  for (const c of plan.changes) {
    if (c.before !== null) continue;
    let exists = true;
    try {
      lstatSync(resolve(root, c.file));
    } catch {
      exists = false;
    }
    if (exists) throw new UsageError(`fix refused, nothing written: ${c.file} exists but could not be read`);
  }
}

/** The linted path a file (relative to `repoRoot`) is in: folders below it may be created for a drop-in, none may be a link. */
function rootOf(file: string, paths: readonly string[], cwd: string, repoRoot: string): string {
  const abs = resolve(repoRoot, file);
  const root = paths.map((p) => resolve(cwd, p)).find((r) => abs === r || abs.startsWith(r + sep));
  if (!root || relative(root, abs).startsWith('..')) throw new UsageError(`fix refused: ${file} is outside the linted paths`);
  return abs === root ? resolve(abs, '..') : root;
}
