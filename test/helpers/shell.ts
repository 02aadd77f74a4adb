import type { OffsetSegment, SourceText, Span } from '../../src/model/span.js';
import { sourceTextAt } from '../../src/model/span.js';
import { loadShellAnalyzer, type ShellAnalyzer } from '../../src/parsers/shell/analyzer.js';

let cached: ShellAnalyzer | undefined;

export async function shellAnalyzer(): Promise<ShellAnalyzer> {
  cached ??= await loadShellAnalyzer();
  return cached;
}

/** A script file's text, starting at line 1 column 1. */
export function file(text: string, path = 'scripts/x.sh'): SourceText {
  return sourceTextAt(path, text, 1, 1);
}

/** An ExecStart= value that starts at `column` of `line` (after `ExecStart=`). */
export function execValue(text: string, line = 1, column = 11, path = 'units/x.service'): SourceText {
  return sourceTextAt(path, text, line, column);
}

/**
 * A Nix indented string after indentation stripping: each line of `lines` sits at
 * `column` of consecutive source lines from `firstLine`.
 */
export function nixScript(lines: string[], firstLine: number, column: number, path = 'nix/modules/proxy.nix'): SourceText {
  const segments: OffsetSegment[] = [];
  let offset = 0;
  lines.forEach((l, i) => {
    segments.push({ offset, line: firstLine + i, column });
    offset += l.length + 1;
  });
  return { text: lines.join('\n'), file: path, segments };
}

/** `line:col-endLine:endCol`: compact and exact. */
export function at(s: Span): string {
  return `${s.line}:${s.column}-${s.endLine}:${s.endColumn}`;
}
