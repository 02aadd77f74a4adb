/**
 * One shell-unparsed note (--verbose) per script, at the first place tree-sitter could not
 * read. The facts of the rest of the tree are still reported by the caller.
 */
import type { Node } from 'web-tree-sitter';
import type { Diagnostic } from '../../model/diagnostic.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import { SHELL_UNPARSED } from '../../model/builtin-findings.js';
import type { SourceText } from '../../model/span.js';
import { rangeSpan } from './source-map.js';

function firstError(node: Node): Node | undefined {
  if (node.isError || node.isMissing) return node;
  if (!node.hasError) return undefined;
  for (const c of node.children) {
    const e = c ? firstError(c) : undefined;
    if (e) return e;
  }
  return undefined;
}

const STATEMENTS = new Set([
  'command', 'list', 'pipeline', 'redirected_statement', 'variable_assignment', 'variable_assignments', 'declaration_command',
  'unset_command', 'if_statement', 'while_statement', 'for_statement', 'c_style_for_statement', 'case_statement',
  'function_definition', 'compound_statement', 'subshell', 'negated_command', 'test_command', 'comment',
]);

/**
 * Where to point for an ERROR node. When tree-sitter cannot reduce a script it
 * often wraps everything from line 1 in one ERROR; its first child that is not a
 * whole statement (a stray keyword, a half-read word) is where reading failed.
 */
function culprit(node: Node): Node {
  if (!node.isError) return node;
  for (const c of node.children) {
    if (!c) continue;
    if (c.isError) return culprit(c);
    if (c.isMissing || !c.isNamed || !STATEMENTS.has(c.type)) return c;
  }
  return node;
}

function syntaxError(error: Node, src: SourceText, nestedIn: string | undefined): Diagnostic {
  const node = culprit(error);
  const where = nestedIn ? ` in the script given to ${nestedIn} -c` : '';
  const firstLine = node.text.split('\n')[0]!;
  const snippet = firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine;
  const message = node.isMissing
    ? `shell syntax error${where}: missing "${node.type}"`
    : `shell syntax error${where}${snippet ? ` near "${snippet}"` : ''}`;
  const end = node.isMissing ? node.startIndex : node.startIndex + firstLine.length;
  // A --verbose note, never a warning: tree-sitter-bash is not bash, and misreads valid scripts that
  // `bash -n` accepts (`exec 3<>file`, `<<<`, `$(( 10#$x ))`, `[[ $x =~ \$\{([^}]+)\} ]]`, `@PLACEHOLDER@`
  // build templates); what it cannot read is only not analysed, and the rest of the script is.
  return simpleDiagnostic(SHELL_UNPARSED, 'info', `${message}; the rest of the script is analysed`, rangeSpan(src, node.startIndex, end));
}

/** The syntax error of a parsed script, if any. `nestedIn` names the shell of an `sh -c` script. */
export function syntaxErrorIn(root: Node, src: SourceText, nestedIn?: string): Diagnostic | undefined {
  const err = firstError(root);
  return err ? syntaxError(err, src, nestedIn) : undefined;
}
