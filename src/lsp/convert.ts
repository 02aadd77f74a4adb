/**
 * Findings as the editor shows them. A path finding is shown in every file it
 * passes through: at its primary location, and at each path step (the A1
 * chain runs through a Python spec, a stack file and two Nix modules; each
 * of them gets the finding at the line that takes part in it). Every copy
 * lists the whole path, in order, as related information, so a click goes
 * from step to step.
 */
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { Span } from '../model/span.js';
import { UNUSED_SUPPRESSION } from '../model/builtin-findings.js';

/** LSP DiagnosticSeverity: 1 error, 2 warning, 3 information. */
const SEVERITY: Record<Severity, 1 | 2 | 3> = { error: 1, warning: 2, info: 3 };

/** DiagnosticTag.Unnecessary: the editor greys the text out. */
const UNNECESSARY = 1;
const UNNECESSARY_RULES = new Set([UNUSED_SUPPRESSION]);

/** What a published diagnostic carries back to us in code-action requests. */
export interface DiagnosticData {
  /** Index of the finding in the lint result the diagnostic was made from. */
  finding: number;
}

/** LSP positions are 0-based; spans are 1-based with an exclusive end column. */
export function toRange(s: Span): Range {
  return {
    start: { line: s.line - 1, character: s.column - 1 },
    end: { line: s.endLine - 1, character: Math.max(s.endColumn - 1, 0) },
  };
}

/** A span's file as a URI: repository spans are relative to the linted folder, stock units absolute. */
export function spanUri(root: string, file: string): string {
  return pathToFileURL(isAbsolute(file) ? file : join(root, file)).href;
}

/**
 * Every diagnostic to publish, by document URI. `docsUrl` gives the rule's
 * documentation link (LSP `codeDescription.href`).
 */
export function toLspDiagnostics(findings: readonly Diagnostic[], root: string, docsUrl: (rule: string) => string): Map<string, LspDiagnostic[]> {
  const out = new Map<string, LspDiagnostic[]>();
  const add = (uri: string, d: LspDiagnostic): void => {
    let list = out.get(uri);
    if (!list) out.set(uri, (list = []));
    list.push(d);
  };
  findings.forEach((f, index) => {
    const related: DiagnosticRelatedInformation[] = f.path.map((step, i) => ({
      location: { uri: spanUri(root, step.location.file), range: toRange(step.location) },
      message: `step ${i + 1} of ${f.path.length}: ${step.explanation}`,
    }));
    const base = {
      severity: SEVERITY[f.severity],
      code: f.rule,
      codeDescription: { href: docsUrl(f.rule) },
      source: 'deploy-lint',
      ...(UNNECESSARY_RULES.has(f.rule) ? { tags: [UNNECESSARY as 1] } : {}),
      ...(related.length ? { relatedInformation: related } : {}),
      data: { finding: index } satisfies DiagnosticData,
    };
    const effect = f.effect ? `\n${f.effect.summary}` : '';
    add(spanUri(root, f.location.file), { ...base, range: toRange(f.location), message: f.message + effect });
    // The same finding where each path step is, unless the step is the primary location itself.
    f.path.forEach((step, i) => {
      if (sameSpan(step.location, f.location)) return;
      add(spanUri(root, step.location.file), {
        ...base,
        range: toRange(step.location),
        message: `${f.message}\n(step ${i + 1} of ${f.path.length}: ${step.explanation})`,
      });
    });
  });
  return out;
}

function sameSpan(a: Span, b: Span): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn;
}
