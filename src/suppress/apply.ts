/**
 * Applies inline suppressions to the findings of a run, after the rules and
 * the severity policy. A finding is suppressed by a next-line directive on the
 * line of its primary location or of any of its path steps (a cycle can be
 * silenced at whichever edge the team owns), and by a file directive in any
 * file it touches. Directives that suppress nothing are reported.
 */
import type { SourceFile } from '../discover/source-file.js';
import type { Diagnostic, Fix } from '../model/diagnostic.js';
import { simpleDiagnostic } from '../model/diagnostic.js';
import type { Span } from '../model/span.js';
import { commentLines, introducers } from './comments.js';
import { parseDirectives, type Directive } from './directives.js';
import { SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION } from '../model/builtin-findings.js';

export interface SuppressionInput {
  diagnostics: readonly Diagnostic[];
  files: readonly SourceFile[];
  /** The file's text, or undefined when it could not be read. */
  text(file: SourceFile): string | undefined;
  /** Whether a rule ran for this file; directives for rules that did not run are not judged. */
  isActive(rule: string, file: string): boolean;
  knownRules: ReadonlySet<string>;
}

export interface SuppressionResult {
  kept: Diagnostic[];
  suppressed: Diagnostic[];
  /** Each suppressed finding's reasons (after ` -- `), or the directive itself when it gives none. */
  reasons: Map<Diagnostic, string>;
  /** unused-suppression and suppression-without-reason findings. */
  reports: Diagnostic[];
}

export function applySuppressions(input: SuppressionInput): SuppressionResult {
  const directives = collect(input);
  if (directives.length === 0) return { kept: [...input.diagnostics], suppressed: [], reasons: new Map(), reports: [] };
  const byFile = new Map<string, Directive[]>();
  for (const d of directives) byFile.set(d.span.file, [...(byFile.get(d.span.file) ?? []), d]);

  const used = new Set<string>(); // `${directive index}:${rule}`
  const index = new Map(directives.map((d, i) => [d, i]));
  const kept: Diagnostic[] = [];
  const suppressed: Diagnostic[] = [];
  const reasons = new Map<Diagnostic, string>();
  for (const diag of input.diagnostics) {
    let hit = false;
    const why = new Set<string>();
    for (const at of touched(diag)) {
      for (const dir of byFile.get(at.file) ?? []) {
        if (!dir.rules.includes(diag.rule)) continue;
        if (dir.scope === 'next-line' && dir.target !== at.line) continue;
        used.add(`${index.get(dir)}:${diag.rule}`);
        hit = true;
        why.add(dir.reason || `deploy-lint-disable${dir.scope === 'file' ? '' : '-next-line'} ${diag.rule} at ${dir.span.file}:${dir.span.line}`);
      }
    }
    (hit ? suppressed : kept).push(diag);
    if (hit) reasons.set(diag, [...why].join('; '));
  }

  const reports: Diagnostic[] = [];
  directives.forEach((dir, i) => {
    const what = dir.scope === 'file' ? 'deploy-lint-disable' : 'deploy-lint-disable-next-line';
    if (dir.rules.length === 0) reports.push(unused(dir.span, `\`${what}\` names no rule; list the rules it should suppress`));
    const idle = (rule: string) => input.knownRules.has(rule) && !used.has(`${i}:${rule}`) && input.isActive(rule, dir.span.file);
    // A directive that suppresses nothing at all can go: its comment line is deleted (safe, as Ruff's unused-noqa fix).
    const removal: Fix | undefined = dir.rules.length && dir.rules.every(idle)
      ? { description: `delete the comment (line ${dir.span.line})`, applicability: 'safe', edits: [{ span: { file: dir.span.file, line: dir.span.line, column: 1, endLine: dir.span.line + 1, endColumn: 1 }, replacement: '' }] }
      : undefined;
    for (const rule of dir.rules) {
      if (!input.knownRules.has(rule)) {
        reports.push(unused(dir.span, `\`${what}\` names unknown rule '${rule}'; \`deploy-lint rules\` lists them`));
      } else if (idle(rule)) {
        const where = dir.scope === 'file' ? 'this file has' : `line ${dir.target} has`;
        const d = unused(dir.span, `unused suppression: ${where} no ${rule} finding`);
        if (removal) d.fixes = [removal];
        reports.push(d);
      }
    }
    if (!dir.reason && dir.rules.length) {
      const message = `\`${what} ${dir.rules.join(',')}\` gives no reason; add \` -- why\``;
      reports.push(simpleDiagnostic(SUPPRESSION_WITHOUT_REASON, 'info', message, dir.span));
    }
  });
  return { kept, suppressed, reasons, reports };
}

function unused(span: Span, message: string): Diagnostic {
  return simpleDiagnostic(UNUSED_SUPPRESSION, 'warning', message, span);
}

/** Where a finding is: its primary location and every path step. */
function touched(d: Diagnostic): Span[] {
  return [d.location, ...d.path.map((s) => s.location)];
}

function collect(input: SuppressionInput): Directive[] {
  const out: Directive[] = [];
  for (const f of input.files) {
    const intro = introducers(f.kind, f.path);
    if (intro.length === 0) continue;
    const text = input.text(f);
    // Cheap pre-check: most files have no directive at all.
    if (text === undefined || !text.includes('deploy-lint-disable')) continue;
    out.push(...parseDirectives(f.path, commentLines(text, intro)));
  }
  return out;
}
