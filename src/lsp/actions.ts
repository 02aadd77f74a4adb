/**
 * Code actions: the fixes of a finding that carry text edits, each labelled
 * with its applicability so an editor never applies a guess on its own (only
 * a safe fix is marked preferred, which is what "fix all" applies).
 */
import type { CodeAction, CodeActionParams, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Diagnostic, Fix } from '../model/diagnostic.js';
import { spanUri, toRange, type DiagnosticData } from './convert.js';
import type { FolderState } from './workspace.js';

export function codeActionsFor(state: FolderState | undefined, params: CodeActionParams): CodeAction[] {
  if (!state) return [];
  const out: CodeAction[] = [];
  const seen = new Set<number>();
  for (const d of params.context.diagnostics) {
    const index = (d.data as DiagnosticData | undefined)?.finding;
    if (index === undefined || seen.has(index)) continue;
    seen.add(index);
    const finding = state.diagnostics[index];
    // The diagnostic may come from an older lint: act only if it still names the same finding.
    if (!finding || finding.rule !== d.code) continue;
    finding.fixes.forEach((fix, i) => {
      const action = actionFor(state.root, finding, fix, i);
      if (action) out.push({ ...action, diagnostics: [d] });
    });
  }
  return out;
}

function actionFor(root: string, finding: Diagnostic, fix: Fix, index: number): CodeAction | undefined {
  if (!fix.edits?.length) return undefined;
  const applicability = fix.applicability;
  if (applicability === 'display-only') return undefined;
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of fix.edits) {
    const uri = spanUri(root, e.span.file);
    (changes[uri] ??= []).push({ range: toRange(e.span), newText: e.replacement });
  }
  return {
    title: `deploy-lint: fix ${index + 1} (${applicability}): ${fix.description}`,
    kind: 'quickfix',
    isPreferred: applicability === 'safe',
    edit: { changes },
  };
}
