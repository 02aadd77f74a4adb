/**
 * GitHub Actions workflow commands: `::error file=…,line=…::message` lines
 * that become annotations. Errors come first because GitHub keeps only the
 * first 10 annotations of each level per step; a last plain line says how
 * many findings there were in all.
 */
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { SEVERITY_RANK } from '../model/diagnostic.js';
import type { Reporter } from './reporter.js';
import { summarize } from './summary.js';
import { detailLines, plural } from './text.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Message data: `%`, CR and LF are escaped (actions/toolkit's escapeData). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally escape `:` and `,` (escapeProperty). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(d: Diagnostic): string {
  const l = d.location;
  const props = [`file=${escapeProperty(l.file)}`, `line=${l.line}`, `endLine=${l.endLine}`];
  // GitHub takes columns only for a single-line range.
  if (l.line === l.endLine) props.push(`col=${l.column}`, `endColumn=${Math.max(l.endColumn, l.column)}`);
  props.push(`title=${escapeProperty(`deploy-lint ${d.rule}`)}`);
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(detailLines(d).join('\n'))}`;
}

export const githubReporter: Reporter = (input) => {
  const ordered = [...input.diagnostics].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const lines = ordered.map(annotation);
  const s = summarize(input.diagnostics, input.fileCount);
  lines.push(`deploy-lint: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info in ${plural(s.files, 'file')}`);
  return `${lines.join('\n')}\n`;
};
