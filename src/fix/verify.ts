/**
 * Proves a fix plan before anything is written: the linted roots are copied to
 * a temporary folder, the new texts put in the copy, the whole repository
 * linted again there. The plan is refused when an edited file no longer parses,
 * when a fixed finding is still reported, or when the fix brings a new error.
 */
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse, relative, resolve, sep } from 'node:path';
import { findingKey, keyString } from '../baseline/key.js';
import { MAX_FILE_BYTES } from '../discover/read.js';
import { lint, type LintOptions, type LintResult } from '../lint.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { FixPlan } from './plan.js';
import { PARSE_ERROR } from '../model/builtin-findings.js';

/** A copy bigger than this is not made: the fix is refused rather than left unproven. */
const MAX_COPY_BYTES = 256 * 1024 * 1024;
/** Folders no deploy file lives in, left out of the copy. */
const SKIP = new Set(['.git', 'node_modules']);

export interface Verdict {
  /** Why the plan must not be written, one line each; empty when it may. */
  problems: string[];
  /** The repository as it would lint after the fix. */
  after: LintResult;
}

const key = (d: Diagnostic): string => keyString(findingKey(d));

function where(d: Diagnostic): string {
  return `${d.location.file}:${d.location.line}:${d.location.column}`;
}

export async function verifyPlan(plan: FixPlan, opts: LintOptions & { cwd: string }, before: LintResult): Promise<Verdict> {
  const tmp = mkdtempSync(join(tmpdir(), 'deploy-lint-fix-'));
  try {
    const roots = opts.paths.map((p) => resolve(opts.cwd, p));
    const root = resolve(opts.cwd, opts.root ?? '.');
    const base = commonAncestor([opts.cwd, root, ...roots]);
    const budget = { bytes: MAX_COPY_BYTES };
    for (const r of roots) copyTree(r, join(tmp, relative(base, r)), budget);
    const cwd = join(tmp, relative(base, opts.cwd));
    const tmpRoot = join(tmp, relative(base, root));
    mkdirSync(cwd, { recursive: true });
    // Finding paths are relative to the run's root (LintOptions.root).
    for (const c of plan.changes) {
      const at = resolve(tmpRoot, c.file);
      mkdirSync(dirname(at), { recursive: true });
      writeFileSync(at, c.after);
    }
    const after = await lint({ ...opts, cwd, root: tmpRoot });
    return { problems: problemsOf(plan, before, after), after };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function problemsOf(plan: FixPlan, before: LintResult, after: LintResult): string[] {
  const problems: string[] = [];
  const edited = new Set(plan.changes.map((c) => c.file));
  const had = new Set(before.diagnostics.map(key));
  for (const d of after.diagnostics) {
    if (had.has(key(d))) continue;
    if (d.rule === PARSE_ERROR && edited.has(d.location.file)) {
      problems.push(`${where(d)} would not parse after the fix: ${d.message}`);
    } else if (d.severity === 'error') {
      problems.push(`the fix would bring a new error: ${d.rule} at ${where(d)}: ${d.message}`);
    }
  }
  // The same finding, wherever its lines moved: rule, host, subject and message (names, no line numbers).
  const same = (a: Diagnostic, b: Diagnostic) => a.rule === b.rule && a.host === b.host && a.subject === b.subject && a.message === b.message;
  for (const f of plan.applied) {
    if (after.diagnostics.some((d) => same(d, f.diagnostic))) problems.push(`fix ${f.option} does not remove its finding: ${f.diagnostic.rule} at ${where(f.diagnostic)}`);
  }
  return problems;
}

function commonAncestor(paths: readonly string[]): string {
  let base = paths[0]!;
  for (const p of paths) {
    while (p !== base && !p.startsWith(base.endsWith(sep) ? base : base + sep)) {
      const up = dirname(base);
      if (up === base) return parse(base).root;
      base = up;
    }
  }
  return base;
}

/** Regular files and links as they are (a link stays a link: confinement judges it in the copy as in the repository). */
function copyTree(from: string, to: string, budget: { bytes: number }): void {
  const st = lstatSync(from);
  if (st.isSymbolicLink()) {
    mkdirSync(dirname(to), { recursive: true });
    symlinkSync(readlinkSync(from), to);
  } else if (st.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from).sort()) if (!SKIP.has(name)) copyTree(join(from, name), join(to, name), budget);
  } else if (st.isFile() && st.size <= MAX_FILE_BYTES) {
    budget.bytes -= st.size;
    if (budget.bytes < 0) throw new Error(`the repository is larger than ${MAX_COPY_BYTES / 1024 / 1024} MiB: the fix cannot be proven in a copy, so it is not applied`);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  }
}
