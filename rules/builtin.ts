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
    what: 'Reports a file that exists but cannot be read (permissions, a dangling link, an I/O error).',
    why: 'Its facts are missing from the graph, so findings that depend on it cannot be trusted.',
    example: 'chmod 000 deploy-proxy.service',
    fix: 'Make the file readable by the user running deploy-lint, or exclude it with --ignore.',
  },
};
