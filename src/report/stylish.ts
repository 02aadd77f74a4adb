/**
 * The human format: the finding, a code frame of its primary location, then one
 * line per path step (`file:line:col` + what that line does), the effect at
 * boot, and the fixes.
 */
import { Chalk } from 'chalk';
import type { Diagnostic } from '../model/diagnostic.js';
import { formatSpan } from '../model/span.js';
import type { ReportInput, Reporter } from './reporter.js';
import { summarize } from './summary.js';

export const stylishReporter: Reporter = (input) => {
  const c = new Chalk({ level: input.color ? 1 : 0 });
  const out: string[] = [];
  for (const d of input.diagnostics) out.push(renderOne(d, input, c), '');
  const s = summarize(input.diagnostics, input.fileCount);
  const counts = [
    `${s.errors} error${s.errors === 1 ? '' : 's'}`,
    `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`,
    `${s.infos} info`,
  ].join(', ');
  out.push(`${s.errors ? c.red.bold('✖') : c.green.bold('✔')} ${counts} in ${s.files} file${s.files === 1 ? '' : 's'}`);
  return `${out.join('\n')}\n`;
};

const SEVERITY_COLOR = { error: 'red', warning: 'yellow', info: 'blue' } as const;

function renderOne(d: Diagnostic, input: ReportInput, c: InstanceType<typeof Chalk>): string {
  const color = c[SEVERITY_COLOR[d.severity]].bold;
  const lines: string[] = [];
  const host = d.host ? ` ${c.dim(`(host ${d.host})`)}` : '';
  const label = `${d.severity}[${d.rule}]`;
  const hostText = d.host ? ` (host ${d.host})` : '';
  if (input.width === undefined || label.length + d.message.length + hostText.length + 1 <= input.width) {
    lines.push(`${color(label)} ${c.bold(d.message)}${host}`);
  } else {
    const [first, ...rest] = wrapTo(`${d.message}${hostText}`, input.width - 2);
    lines.push(`${color(label)}`, ...[first!, ...rest].map((l) => `  ${c.bold(l)}`));
  }
  lines.push(`  ${c.dim('-->')} ${formatSpan(d.location)}`);
  lines.push(...codeFrame(d, input, c));
  const cols = input.width;
  if (d.path.length) {
    const width = Math.max(...d.path.map((p) => formatSpan(p.location).length));
    for (const step of d.path) {
      const at = formatSpan(step.location);
      // `file:line:col` stays whole on its line (terminals and editors link it); the text wraps beside it,
      // or under it when the location leaves too little room.
      const beside = cols === undefined || cols - (width + 3) >= 30;
      const indent = beside ? width + 3 : 6;
      const [first, ...rest] = wrapTo(step.explanation, cols === undefined ? undefined : cols - indent);
      if (beside) lines.push(`  ${c.cyan(at.padEnd(width))} ${first}`);
      else lines.push(`  ${c.cyan(at)}`, `${' '.repeat(indent)}${first}`);
      for (const r of rest) lines.push(`${' '.repeat(indent)}${r}`);
    }
  }
  if (d.effect) {
    const [first, ...rest] = wrapTo(d.effect.summary, Math.min(90, (cols ?? 100) - 10));
    lines.push(`  ${c.bold('effect:')} ${first}`);
    for (const r of rest) lines.push(`          ${r}`);
  }
  d.fixes.forEach((f, i) => {
    const label = `fix ${i + 1}:`;
    const [first, ...rest] = wrapTo(f.description, cols === undefined ? undefined : cols - label.length - 3);
    lines.push(`  ${c.green(label)} ${first}`);
    for (const r of rest) lines.push(`${' '.repeat(label.length + 3)}${r}`);
  });
  lines.push(`  ${c.dim(`docs: ${d.docs}`)}`);
  return lines.join('\n');
}

function codeFrame(d: Diagnostic, input: ReportInput, c: InstanceType<typeof Chalk>): string[] {
  const { line, column, endLine, endColumn } = d.location;
  const text = input.sourceLine(d.location.file, line);
  if (text === undefined) return [];
  const shown = text.replace(/\t/g, ' ');
  const gutter = String(line).length;
  const end = endLine === line ? Math.max(endColumn, column + 1) : shown.length + 1;
  const carets = ' '.repeat(Math.max(0, column - 1)) + '^'.repeat(Math.max(1, Math.min(end, shown.length + 1) - column));
  return [
    `  ${' '.repeat(gutter)} ${c.dim('|')}`,
    `  ${c.dim(String(line))} ${c.dim('|')} ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`,
    `  ${' '.repeat(gutter)} ${c.dim('|')} ${c[SEVERITY_COLOR[d.severity]](carets)}`,
  ];
}

/** Words on lines of at most `width` characters (a longer word stands alone); no width: one line. */
function wrapTo(text: string, width: number | undefined): string[] {
  if (width === undefined || text.length <= width) return [text];
  const words = text.split(' ');
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + w.length + 1 > width) {
      out.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  return out;
}
