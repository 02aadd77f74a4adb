/**
 * Whole-line comments in each input format, found in the raw text without
 * the format's parser: a line whose first non-blank character starts a
 * comment. Suppression comments always sit on a line of their own, so this is
 * all that is needed; it also sees comments inside scripts embedded in Nix
 * `''…''` strings or YAML block scalars, which are shell comments there and
 * can suppress findings in that shell code.
 */
import type { FileKind } from '../discover/source-file.js';

export interface CommentLine {
  /** 1-based line and column of the comment introducer. */
  line: number;
  column: number;
  /** Column just after the comment's last non-blank character. */
  endColumn: number;
  /** The text after the introducer. */
  body: string;
}

/** Comment introducers per file kind; JSON specs and unit links cannot hold comments. */
export function introducers(kind: FileKind, path: string): readonly string[] {
  switch (kind) {
    case 'unit':
    case 'dropin':
      return ['#', ';']; // systemd.syntax(7): lines starting with # or ; are comments
    case 'nix':
    case 'python':
    case 'shell':
    case 'stack':
      return ['#'];
    case 'spec':
      return path.endsWith('.json') ? [] : ['#']; // YAML and TOML
    case 'unit-link':
      return [];
  }
}

export function commentLines(text: string, intro: readonly string[]): CommentLine[] {
  if (intro.length === 0) return [];
  const out: CommentLine[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const lead = line.length - line.trimStart().length;
    const start = line.slice(lead);
    const tag = intro.find((c) => start.startsWith(c));
    if (!tag) return;
    out.push({ line: i + 1, column: lead + 1, endColumn: line.trimEnd().length + 1, body: start.slice(tag.length) });
  });
  return out;
}
