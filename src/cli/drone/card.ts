/**
 * Drone plugin card: Drone renders an Adaptive Card from a template (at the
 * `schema` URL) and the `data` a step writes to $DRONE_CARD_PATH. When that is
 * /dev/stdout or /dev/stderr the card goes in the log, base64 in an escape
 * sequence the runner picks up, as drone-plugins do.
 */
import { writeOutputFile } from '../../fs/atomic-write.js';
import { resolve } from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.js';
import { summarize } from '../../report/summary.js';
import type { CliIO } from '../io.js';

/** Where the card template (src/cli/drone/card-template.json) is published; PLUGIN_CARD_TEMPLATE overrides it. */
export const DEFAULT_CARD_TEMPLATE = 'https://raw.githubusercontent.com/deploy-lint/deploy-lint/main/src/cli/drone/card-template.json';

export interface CardData {
  status: 'passed' | 'failed';
  errors: number;
  warnings: number;
  infos: number;
  files: number;
  /** Findings per rule, most first. */
  rules: { rule: string; count: number }[];
  /** The first finding, for a one-line teaser. */
  first: string | null;
}

export function cardData(diagnostics: readonly Diagnostic[], files: number, exitCode: number): CardData {
  const s = summarize(diagnostics, files);
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
  const rules = [...counts.entries()].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : 1));
  const d0 = diagnostics[0];
  return {
    status: exitCode === 0 ? 'passed' : 'failed',
    errors: s.errors,
    warnings: s.warnings,
    infos: s.infos,
    files,
    rules,
    first: d0 ? `${d0.location.file}:${d0.location.line}: ${d0.severity} [${d0.rule}] ${d0.message}` : null,
  };
}

export function writeCard(io: CliIO, path: string, data: CardData): void {
  const card = JSON.stringify({ schema: io.env.PLUGIN_CARD_TEMPLATE || DEFAULT_CARD_TEMPLATE, data });
  if (path === '/dev/stdout' || path === '/dev/stderr') {
    const stream = path === '/dev/stdout' ? io.stdout : io.stderr;
    stream.write(`\u001b]1338;${Buffer.from(card).toString('base64')}\u001b]0m\n`);
  } else {
    writeOutputFile(path, resolve(io.cwd, path), `${card}\n`, io.cwd);
  }
}
