/** The findings that inline suppressions themselves produce, with their docs. */
import type { BuiltinDiagnosticKind } from '../../rules/rule.js';

export const UNUSED_SUPPRESSION: BuiltinDiagnosticKind = {
  id: 'unused-suppression',
  defaultSeverity: 'warning',
  summary: 'A deploy-lint-disable comment that suppresses nothing (stale, misspelt or on the wrong line)',
  docs: {
    what:
      'Reports a `deploy-lint-disable-next-line RULE` comment when no RULE finding starts on (or has a path step on) the next non-comment line, a `deploy-lint-disable RULE` comment when the file has no RULE finding, and a suppression that names an unknown rule or none. Rules that did not run (--select, --ignore-rule, `off` in the config) are not checked.',
    why: 'A stale suppression hides the next real finding of that rule on that line, and nobody remembers why it is there.',
    example: '# deploy-lint-disable-next-line ordering-cycle -- fixed in #42, comment left behind\nAfter=network.target',
    fix: 'Delete the comment, or move it above the line the finding points at (`deploy-lint --format concise` prints it).',
  },
};

export const SUPPRESSION_WITHOUT_REASON: BuiltinDiagnosticKind = {
  id: 'suppression-without-reason',
  defaultSeverity: 'info',
  summary: 'A deploy-lint-disable comment without `-- reason`',
  docs: {
    what:
      'Reports a suppression comment that has no reason after ` -- `. The suppression still works; set this rule to `error` in the config to require reasons.',
    why: 'A suppression is a decision that the finding does not apply; without the reason the next reader cannot tell whether it still holds.',
    example: '# deploy-lint-disable-next-line health-gate-deadlock',
    fix: 'Say why: `# deploy-lint-disable-next-line health-gate-deadlock -- the gate has its own 30 s timeout`.',
  },
};

export const SUPPRESSION_KINDS: readonly BuiltinDiagnosticKind[] = [SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION];
