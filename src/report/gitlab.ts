/**
 * GitLab Code Quality (a Code Climate subset): a JSON array of issues with
 * `description`, `check_name`, `fingerprint` (unique per finding, or GitLab
 * shows only the first of several), `severity` and `location`.
 */
import type { Severity } from '../model/diagnostic.js';
import { fingerprints } from './fingerprint.js';
import type { Reporter } from './reporter.js';
import { detailLines, headline } from './text.js';

const SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', info: 'info' };

export const gitlabReporter: Reporter = (input) => {
  const prints = fingerprints(input.diagnostics);
  const issues = input.diagnostics.map((d, i) => ({
    type: 'issue',
    check_name: d.rule,
    description: headline(d),
    content: { body: detailLines(d).slice(1).join('\n') },
    categories: ['Bug Risk'],
    fingerprint: prints[i]!,
    severity: SEVERITY[d.severity],
    location: { path: d.location.file, lines: { begin: d.location.line, end: d.location.endLine } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
};
