/** Plain-text pieces several formats share. */
import type { Diagnostic } from '../model/diagnostic.js';
import { formatSpan } from '../model/span.js';

/** The message, with the host when the repository declares several. */
export function headline(d: Diagnostic): string {
  return d.host ? `${d.message} (host ${d.host})` : d.message;
}

/** The finding as plain lines: message, path steps, effect, fixes. */
export function detailLines(d: Diagnostic): string[] {
  const lines = [headline(d)];
  for (const step of d.path) lines.push(`  ${formatSpan(step.location)} ${step.explanation}`);
  if (d.effect) lines.push(`  effect: ${d.effect.summary}`);
  d.fixes.forEach((f, i) => lines.push(`  fix ${i + 1}: ${f.description}`));
  lines.push(`  docs: ${d.docs}`);
  return lines;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
