/**
 * Which fix of which finding a `deploy-lint fix` run applies. A finding's fixes
 * are alternatives: at most one of them is applied. Without a choice, the first
 * fix whose applicability is allowed (safe; unsafe too with --unsafe-fixes);
 * with `--rule R --option N`, fix N of each finding of R, whatever its
 * applicability, since the user chose it (as an editor code action does).
 */
import type { Diagnostic, Fix, TextEdit } from '../model/diagnostic.js';

export type FixChoice =
  | { kind: 'applicable'; unsafe: boolean; rule?: string }
  | { kind: 'option'; rule: string; option: number };

export interface ChosenFix {
  diagnostic: Diagnostic;
  /** 1-based, as printed (`fix 2:`). */
  option: number;
  fix: Fix;
}

export interface Selection {
  chosen: ChosenFix[];
  /** Findings the choice names that get no fix, and why, one line each. */
  left: string[];
}

/** The text edits of a finding's fix option (1-based), or null when it has none: what an editor code action applies. */
export function fixEdits(d: Diagnostic, option: number): TextEdit[] | null {
  const f = d.fixes[option - 1];
  return f?.edits?.length ? f.edits : null;
}

function where(d: Diagnostic): string {
  return `${d.rule} at ${d.location.file}:${d.location.line}:${d.location.column}`;
}

export function selectFixes(diagnostics: readonly Diagnostic[], choice: FixChoice): Selection {
  const chosen: ChosenFix[] = [];
  const left: string[] = [];
  for (const d of diagnostics) {
    if (choice.rule !== undefined && d.rule !== choice.rule) continue;
    if (choice.kind === 'option') {
      const fix = d.fixes[choice.option - 1];
      if (!fix) left.push(`${where(d)} has ${d.fixes.length} fix option${d.fixes.length === 1 ? '' : 's'}, not ${choice.option}`);
      else if (!fix.edits?.length) left.push(`${where(d)}: fix ${choice.option} is display-only: ${fix.description}`);
      else chosen.push({ diagnostic: d, option: choice.option, fix });
      continue;
    }
    const i = d.fixes.findIndex((f) => f.edits?.length && (f.applicability === 'safe' || (choice.unsafe && f.applicability === 'unsafe')));
    if (i >= 0) chosen.push({ diagnostic: d, option: i + 1, fix: d.fixes[i]! });
  }
  return { chosen, left };
}

/** How many findings have an unsafe fix that --unsafe-fixes would apply (for the hint when nothing safe is left). */
export function unsafeOnly(diagnostics: readonly Diagnostic[]): number {
  return diagnostics.filter((d) => !d.fixes.some((f) => f.applicability === 'safe' && f.edits?.length) && d.fixes.some((f) => f.applicability === 'unsafe' && f.edits?.length)).length;
}
