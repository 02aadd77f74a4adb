/**
 * One line per finding, `file:line:col: severity [rule] message`, then a
 * count line: short enough for pre-commit and CI logs, and greppable.
 */
import type { Reporter } from './reporter.js';
import { summarize } from './summary.js';
import { headline, plural } from './text.js';

export const conciseReporter: Reporter = (input) => {
  const lines = input.diagnostics.map(
    (d) => `${d.location.file}:${d.location.line}:${d.location.column}: ${d.severity} [${d.rule}] ${headline(d)}`,
  );
  const s = summarize(input.diagnostics, input.fileCount);
  lines.push(`${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info in ${plural(s.files, 'file')}`);
  return `${lines.join('\n')}\n`;
};
