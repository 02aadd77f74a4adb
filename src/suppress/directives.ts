/**
 * Suppression directives:
 *   # deploy-lint-disable-next-line RULE[,RULE…] -- reason
 *   # deploy-lint-disable RULE[,RULE…] -- reason        (the whole file)
 * Rules are separated by commas and/or blanks; the reason is everything after
 * the first ` -- `. A next-line directive applies to the next line that is not
 * itself a comment, so several directives (or a longer explanation) can stack
 * above one line.
 */
import type { Span } from '../model/span.js';
import type { CommentLine } from './comments.js';

export interface Directive {
  scope: 'next-line' | 'file';
  rules: string[];
  reason?: string;
  /** The comment, for reports about the directive itself. */
  span: Span;
  /** For next-line: the line it applies to (null when the file ends first). */
  target: number | null;
}

const MARKER = /^\s*deploy-lint-(disable-next-line|disable)(?=\s|$)(.*)$/;

export function parseDirectives(file: string, comments: readonly CommentLine[]): Directive[] {
  const commentAt = new Set(comments.map((c) => c.line));
  const out: Directive[] = [];
  for (const c of comments) {
    const m = MARKER.exec(c.body);
    if (!m) continue;
    const rest = m[2] ?? '';
    const sep = rest.search(/(^|\s)--(\s|$)/);
    const rulesPart = sep >= 0 ? rest.slice(0, sep) : rest;
    const reason = sep >= 0 ? rest.slice(sep).replace(/^\s*--/, '').trim() : '';
    let target: number | null = null;
    if (m[1] === 'disable-next-line') {
      target = c.line + 1;
      while (commentAt.has(target)) target++;
    }
    out.push({
      scope: m[1] === 'disable' ? 'file' : 'next-line',
      rules: rulesPart.split(/[\s,]+/).filter(Boolean),
      reason: reason || undefined,
      span: { file, line: c.line, column: c.column, endLine: c.line, endColumn: c.endColumn },
      target,
    });
  }
  return out;
}
