/** Findings that come from reading files rather than from a rule over the graph. */
import type { BuiltinDiagnosticKind } from './rule.js';

export const PARSE_ERROR: BuiltinDiagnosticKind = {
  id: 'parse-error',
  defaultSeverity: 'error',
  summary: 'A file could not be read in its format (syntax error, binary, invalid UTF-8, too large)',
  docs: {
    what: 'Reports a file deploy-lint could not parse, at the line and column where parsing failed, with what was expected there. The rest of the repository is still linted.',
    why: 'What cannot be read cannot be checked: a unit, module or stack with a syntax error is also likely to be rejected or half-applied on the machine.',
    example: '[Unit]\nAfter network.target   (missing "=")',
    fix: 'Fix the syntax at the reported position.',
  },
};

export const UNREADABLE_FILE: BuiltinDiagnosticKind = {
  id: 'unreadable-file',
  defaultSeverity: 'error',
  summary: 'A file that discovery found but could not open',
  docs: {
    what: 'Reports a file that exists but cannot be read (permissions, a FIFO or device, an I/O error). A dangling symbolic link (into a submodule that was not fetched, a generated file) is an info: it is not read, and nothing in the repository is wrong.',
    why: 'Its facts are missing from the graph, so findings that depend on it cannot be trusted.',
    example: 'chmod 000 deploy-proxy.service',
    fix: 'Make the file readable by the user running deploy-lint, or exclude it with --ignore.',
  },
};

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
