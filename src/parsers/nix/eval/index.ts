/**
 * Public entry points of the evaluator. `evalNixText` evaluates a closed
 * expression the way `nix-instantiate --eval --strict --json` does (used by
 * the differential test); the module system builds its sessions with
 * `createMachine`.
 */
import { tmpdir } from 'node:os';
import type { Span } from '../../../model/span.js';
import { parseNix } from '../syntax/parser.js';
import { makeGlobals } from './builtins/index.js';
import type { FileHooks } from './builtins/files.js';
import { toJSONText } from './builtins/json.js';
import { BudgetExceeded, EvalError } from './errors.js';
import { RepoFileAccess } from './file-access.js';
import { Machine, UnknownArgument, type FileAccess } from './machine.js';
import type { Value } from './value.js';
import { spanOf } from '../syntax/positions.js';
import type { RunBudget } from './budget.js';

export { Machine, type FileAccess } from './machine.js';
export { BudgetExceeded, EvalError } from './errors.js';
export { RepoFileAccess } from './file-access.js';
export type { Value } from './value.js';

export interface MachineSetup {
  files: FileAccess;
  cwd: string;
  budget?: number;
  run?: RunBudget;
  fileBudget?: number;
  maxDepth?: number;
  hooks?: FileHooks;
}

export function createMachine(setup: MachineSetup): Machine {
  const m = new Machine({ files: setup.files, cwd: setup.cwd, budget: setup.budget, run: setup.run, fileBudget: setup.fileBudget, maxDepth: setup.maxDepth });
  m.install(makeGlobals(m, setup.hooks));
  return m;
}

export type TextResult =
  | { ok: true; value: Value; json: string | null; machine: Machine }
  | { ok: false; error: string; span?: Span; kind: 'parse' | 'eval' | 'budget' | 'unknown' };

/**
 * Evaluates `text` as a file in `dir` (default: a temp dir, so relative paths
 * resolve somewhere harmless), forces it completely and prints it as JSON.
 */
export function evalNixText(text: string, opts: { dir?: string; file?: string; budget?: number; maxDepth?: number } = {}): TextResult {
  const dir = opts.dir ?? tmpdir();
  const file = opts.file ?? 'expr.nix';
  const parsed = parseNix(text, file);
  if (!parsed.ast) return { ok: false, error: parsed.diagnostics[0]?.message ?? 'syntax error', kind: 'parse' };
  const m = createMachine({ files: new RepoFileAccess(dir, dir), cwd: dir, budget: opts.budget, maxDepth: opts.maxDepth });
  try {
    const value = m.eval(parsed.ast, m.globals);
    let json: string | null = null;
    try {
      json = toJSONText(m, value, spanOf(parsed.ast));
    } catch (e) {
      if (!(e instanceof UnknownArgument)) throw e;
      return { ok: false, error: `unknown: ${e.value.label}`, kind: 'unknown' };
    }
    return { ok: true, value, json, machine: m };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, error: e.message, ...(e.span ? { span: e.span } : {}), kind: 'eval' };
    if (e instanceof BudgetExceeded) return { ok: false, error: e.message, kind: 'budget' };
    if (e instanceof RangeError) return { ok: false, error: 'stack overflow', kind: 'eval' };
    throw e;
  }
}

