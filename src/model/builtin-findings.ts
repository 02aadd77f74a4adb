/**
 * Findings reported by discovery, the parsers and the suppression pass rather
 * than by a rule over the graph. Each has an id constant (what the code that
 * reports it imports: never write the id as a string) and an entry below,
 * which rules/registry.ts adds to the registry of every finding id.
 *
 * A new built-in finding: an id constant and an entry in BUILTIN_FINDINGS.
 */
import type { FindingKind } from './finding-kind.js';

export const PARSE_ERROR = 'parse-error';
export const UNREADABLE_FILE = 'unreadable-file';
export const NIX_EVAL_ERROR = 'nix-eval-error';
export const NIX_UNKNOWN = 'nix-unknown';
export const SHELL_UNPARSED = 'shell-unparsed';

/** Notes about what deploy-lint could not know or read: useful when a finding is missing, noise otherwise; shown only with --verbose (never in an editor). */
export const VERBOSE_ONLY: ReadonlySet<string> = new Set([NIX_UNKNOWN, SHELL_UNPARSED]);
export const UNUSED_SUPPRESSION = 'unused-suppression';
export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';
export const INTERNAL_ERROR = 'internal-error';
export const HOST_INCOMPLETE = 'host-incomplete';
export const LINK_OUTSIDE_ROOT = 'link-outside-root';
export const INPUT_LIMIT = 'input-limit';

/**
 * Findings that say the run itself is incomplete. No config, override, inline
 * comment, --ignore-rule, baseline or --changed-only turns them off or down:
 * a file in the pull request must not be able to switch the gate off
 * (docs/architecture.md, untrusted repositories).
 */
export const UNSWITCHABLE: ReadonlySet<string> = new Set([INTERNAL_ERROR, HOST_INCOMPLETE, INPUT_LIMIT]);

export const BUILTIN_FINDINGS: readonly FindingKind[] = [
  {
    id: PARSE_ERROR,
    defaultSeverity: 'error',
    summary: 'A file could not be read in its format (syntax error, binary, invalid UTF-8, too large)',
    docs: {
      what: 'Reports a file deploy-lint could not parse, at the line and column where parsing failed, with what was expected there. The rest of the repository is still linted.',
      why: 'What cannot be read cannot be checked: a unit, module or stack with a syntax error is also likely to be rejected or half-applied on the machine.',
      example: '[Unit]\nAfter network.target   (missing "=")',
      fix: 'Fix the syntax at the reported position.',
    },
    alwaysSelected: true,
  },
  {
    id: UNREADABLE_FILE,
    defaultSeverity: 'error',
    summary: 'A file that discovery found but could not open',
    docs: {
      what: 'Reports a file that exists but cannot be read (permissions, a FIFO or device, an I/O error). A dangling symbolic link (into a submodule that was not fetched, a generated file) is an info: it is not read, and nothing in the repository is wrong.',
      why: 'Its facts are missing from the graph, so findings that depend on it cannot be trusted.',
      example: 'chmod 000 deploy-proxy.service',
      fix: 'Make the file readable by the user running deploy-lint, or exclude it with --ignore.',
    },
    alwaysSelected: true,
  },
  {
    id: NIX_EVAL_ERROR,
    defaultSeverity: 'warning',
    summary: 'A Nix file or module that could not be evaluated (infinite recursion, endless loop, a value of the wrong type)',
    docs: {
      what: "Reports where deploy-lint's Nix evaluator gave up on a module: infinite recursion, a loop that used up the file's evaluation budget, an `abort`/`throw`, or a value of the wrong type. What the rest of the repository declares is still read.",
      why: 'Units, networks and hosts that module declares are missing from the graph, so findings about them are missing too; most of these errors also stop `nixos-rebuild` on the machine.',
      example: '{ lib, ... }:\nlet spin = x: spin x; in\n{ systemd.services.a.description = spin 1; }',
      fix: 'Fix the expression at the reported position, or exclude the file with --ignore if it is not a NixOS module.',
    },
  },
  {
    id: NIX_UNKNOWN,
    defaultSeverity: 'info',
    summary: 'A value deploy-lint could not know in a Nix file (nixpkgs, files outside the repository); printed with --verbose',
    docs: {
      what: "Notes each place where the Nix evaluator met a value it cannot know without nixpkgs or files outside the linted directory (an import of <nixpkgs>, a path outside the repository, a package attribute) and what it assumed instead. Printed only with --verbose.",
      why: 'Nothing is wrong in the repository: these notes explain why a finding you expected is missing (deploy-lint does not guess what it cannot know).',
      example: '{ imports = [ <nixpkgs/nixos/modules/profiles/minimal.nix> ]; }',
      fix: 'Nothing to fix. Lint a folder that holds the imported files to have them read, or declare units that come from packages in the config (`external`).',
    },
  },
  {
    id: SHELL_UNPARSED,
    defaultSeverity: 'info',
    summary: 'Part of a shell script the bash grammar could not read; the rest is still analysed; printed with --verbose',
    docs: {
      what: "Notes where tree-sitter-bash stopped understanding a script (a unit's command, a Nix `script`, a `.sh` file). What it could read before and after that place is still analysed. Printed only with --verbose.",
      why: 'tree-sitter-bash is not bash: it misreads some valid scripts (`exec 3<>file`, `cmd <<< "$x"`, `$(( 10#$n ))`, build templates with `@PLACEHOLDER@`), so its complaints are never a warning; `bash -n` and ShellCheck are the judges of shell syntax.',
      example: 'exec 3<>/dev/tcp/example.org/80',
      fix: 'Nothing to fix for deploy-lint. If the script is really broken, `bash -n FILE` says so.',
    },
  },
  {
    id: UNUSED_SUPPRESSION,
    defaultSeverity: 'warning',
    summary: 'A deploy-lint-disable comment that suppresses nothing (stale, misspelt or on the wrong line)',
    docs: {
      what:
        'Reports a `deploy-lint-disable-next-line RULE` comment when no RULE finding starts on (or has a path step on) the next non-comment line, a `deploy-lint-disable RULE` comment when the file has no RULE finding, and a suppression that names an unknown rule or none. Rules that did not run (--select, --ignore-rule, `off` in the config) are not checked.',
      why: 'A stale suppression hides the next real finding of that rule on that line, and nobody remembers why it is there.',
      example: '# deploy-lint-disable-next-line ordering-cycle -- fixed in #42, comment left behind\nAfter=network.target',
      fix: 'Delete the comment, or move it above the line the finding points at (`deploy-lint --format concise` prints it).',
    },
    alwaysSelected: true,
  },
  {
    id: SUPPRESSION_WITHOUT_REASON,
    defaultSeverity: 'info',
    summary: 'A deploy-lint-disable comment without `-- reason`',
    docs: {
      what: 'Reports a suppression comment that has no reason after ` -- `. The suppression still works; set this rule to `error` in the config to require reasons.',
      why: 'A suppression is a decision that the finding does not apply; without the reason the next reader cannot tell whether it still holds.',
      example: '# deploy-lint-disable-next-line health-gate-deadlock',
      fix: 'Say why: `# deploy-lint-disable-next-line health-gate-deadlock -- the gate has its own 30 s timeout`.',
    },
    alwaysSelected: true,
  },
  {
    id: INTERNAL_ERROR,
    defaultSeverity: 'error',
    summary: 'deploy-lint itself failed on part of the input (a bug): the results are incomplete',
    docs: {
      what: 'Reports a part of the run (a file, a host, a rule) where deploy-lint hit an unexpected failure of its own. The rest of the repository is still linted and reported.',
      why: 'What failed was not checked: a green run would claim more than was proven.',
      example: '(no input should cause it; one that does is a bug in deploy-lint)',
      fix: 'Report the message and the input that caused it; exclude the file with --ignore meanwhile.',
    },
    alwaysSelected: true,
  },
  {
    id: HOST_INCOMPLETE,
    defaultSeverity: 'error',
    summary: "A host's configuration could not be evaluated to the end (budget, failure): its findings are incomplete",
    docs: {
      what: "Reports a NixOS host whose evaluation stopped before its units were all read: the run's evaluation budget (steps and allocation, one for all hosts) ran out in it. The other hosts are still checked.",
      why: 'Units that were not read cannot be checked: a cycle or deadlock among them would pass unseen.',
      example: 'builtins.foldl\' (a: b: a + b) 0 (builtins.genList (i: i) 900000)   # in a module the host imports',
      fix: 'Simplify the module the message points at (an enormous list, a recursion that never ends), or exclude the host with --ignore.',
    },
    alwaysSelected: true,
  },
  {
    id: LINK_OUTSIDE_ROOT,
    defaultSeverity: 'info',
    summary: 'A symbolic link that leads out of the linted folders: not followed, not read',
    docs: {
      what: 'Reports a symbolic link (a file, a folder, the target of a Nix readFile/import/readDir, a config or baseline) whose real path lies outside every path given to deploy-lint. Its target is never read and its content never printed.',
      why: 'CI lints pull requests from strangers: a link to /etc/passwd or ~/.ssh must not end up in a CI log, and a link to / must not make the run walk the whole machine.',
      example: 'units/x.service -> /etc/passwd',
      fix: 'Commit the file itself instead of a link, or pass the folder it lives in to deploy-lint as one more path.',
    },
    alwaysSelected: true,
  },
  {
    id: INPUT_LIMIT,
    defaultSeverity: 'error',
    summary: 'The run reached its limit on bytes read: the files past it are not checked',
    docs: {
      what: 'Reports the first file that would take the bytes read by one run past the limit (256 MiB); it and the files after it are not read.',
      why: 'Deploy configuration is never this large; the limit keeps a hostile pull request from exhausting the CI machine, and the finding keeps the run from passing unchecked.',
      example: 'a pull request adding 300 MB of generated unit files',
      fix: 'Exclude generated or vendored folders with --ignore or the config ignores.',
    },
    alwaysSelected: true,
  },
];
