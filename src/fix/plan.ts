/**
 * The chosen fixes as new file texts, in memory: each fix's edits are taken
 * whole or not at all (a fix whose edits overlap one already taken is left for
 * the next run, as Ruff does), and nothing is written here.
 */
import { applyEdits, byFile, dedupeEdits, EditConflictError } from './edits.js';
import type { ChosenFix } from './select.js';
import type { ReadText } from './derive/index.js';

export interface FileChange {
  file: string;
  /** null: the file is created (a drop-in). */
  before: string | null;
  after: string;
}

export interface FixPlan {
  changes: FileChange[];
  applied: ChosenFix[];
  skipped: { fix: ChosenFix; reason: string }[];
}

export function planFixes(chosen: readonly ChosenFix[], read: ReadText): FixPlan {
  const taken: ChosenFix[] = [];
  const skipped: FixPlan['skipped'] = [];
  let changes: FileChange[] = [];
  for (const c of chosen) {
    try {
      changes = changesOf([...taken, c], read);
      taken.push(c);
    } catch (e) {
      if (!(e instanceof EditConflictError)) throw e;
      skipped.push({ fix: c, reason: e.message });
    }
  }
  return { changes, applied: taken, skipped };
}

function changesOf(fixes: readonly ChosenFix[], read: ReadText): FileChange[] {
  const out: FileChange[] = [];
  for (const [file, edits] of byFile(dedupeEdits(fixes.flatMap((f) => f.fix.edits ?? [])))) {
    const before = read(file) ?? null;
    const after = applyEdits(before ?? '', edits);
    if (after !== before) out.push({ file, before, after });
  }
  return out;
}
