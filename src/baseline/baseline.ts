/**
 * The baseline file: known findings a team accepts for now, so a new rule or
 * a first run on an old repository fails only on new findings. JSON, sorted,
 * one entry per finding identity with a count (several findings can share an
 * identity, e.g. two parse errors in one file).
 */
import { writeOutputFile } from '../fs/atomic-write.js';
import { readOwnFile, type OwnFileError } from '../fs/read-own-file.js';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { onFirstUse, zod } from '../runtime/zod.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { findingKey, keyString, type FindingKey } from './key.js';

export const DEFAULT_BASELINE_FILE = '.deploy-lint-baseline.json';

const baselineSchema = onFirstUse(() => {
  const z = zod();
  const entrySchema = z.strictObject({
    rule: z.string(),
    host: z.string().optional(),
    subject: z.string(),
    path: z.array(z.string()),
    count: z.number().int().positive(),
  });
  return z.strictObject({
    version: z.literal(1),
    tool: z.literal('deploy-lint'),
    findings: z.array(entrySchema),
  });
});

export type BaselineEntry = FindingKey & { count: number };
export type Baseline = z.infer<ReturnType<typeof baselineSchema>>;

export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** `file` as given on the command line (messages name it so), relative to `cwd`. */
export function readBaseline(file: string, cwd = '.'): Baseline {
  let text: string;
  try {
    text = readOwnFile(resolve(cwd, file));
  } catch (e) {
    const code = (e as OwnFileError).code;
    throw new BaselineError(`${file}: ${code ? `cannot read baseline (${code}); create it with \`deploy-lint baseline create\`` : `baseline: ${(e as Error).message}`}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${file}: invalid JSON: ${(e as Error).message}`);
  }
  const parsed = baselineSchema().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BaselineError(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function writeBaseline(file: string, b: Baseline, cwd = '.'): void {
  writeOutputFile(file, resolve(cwd, file), serializeBaseline(b), cwd);
}

/** Stable bytes: entries sorted by identity, keys in a fixed order. */
export function serializeBaseline(b: Baseline): string {
  const findings = [...b.findings]
    .sort((x, y) => cmp(keyString(x), keyString(y)))
    .map((e) => ({ rule: e.rule, ...(e.host !== undefined ? { host: e.host } : {}), subject: e.subject, path: e.path, count: e.count }));
  return `${JSON.stringify({ version: 1, tool: 'deploy-lint', findings }, null, 2)}\n`;
}

export function baselineFrom(diagnostics: readonly Diagnostic[]): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const d of diagnostics) {
    const k = findingKey(d);
    const s = keyString(k);
    const e = counts.get(s);
    if (e) e.count++;
    else counts.set(s, { ...k, count: 1 });
  }
  return { version: 1, tool: 'deploy-lint', findings: [...counts.values()] };
}

export interface BaselineMatch {
  /** Findings not in the baseline: these are reported. */
  fresh: Diagnostic[];
  baselined: Diagnostic[];
  /** Entries (with the unmatched part of their count) that no finding matches any more. */
  stale: BaselineEntry[];
  /** The baseline with stale entries removed: what `baseline prune` writes. */
  pruned: Baseline;
}

/** Splits findings into baselined and fresh; up to `count` findings of an identity are baselined. */
export function matchBaseline(diagnostics: readonly Diagnostic[], b: Baseline): BaselineMatch {
  const left = new Map<string, number>();
  for (const e of b.findings) left.set(keyString(e), (left.get(keyString(e)) ?? 0) + e.count);
  const fresh: Diagnostic[] = [];
  const baselined: Diagnostic[] = [];
  const matched = new Map<string, number>();
  for (const d of diagnostics) {
    const s = keyString(findingKey(d));
    const n = left.get(s) ?? 0;
    if (n > 0) {
      left.set(s, n - 1);
      matched.set(s, (matched.get(s) ?? 0) + 1);
      baselined.push(d);
    } else fresh.push(d);
  }
  const stale: BaselineEntry[] = [];
  const kept: BaselineEntry[] = [];
  for (const e of b.findings) {
    const s = keyString(e);
    const m = matched.get(s) ?? 0;
    const use = Math.min(m, e.count);
    matched.set(s, m - use);
    if (use > 0) kept.push({ ...e, count: use });
    if (e.count > use) stale.push({ ...e, count: e.count - use });
  }
  return { fresh, baselined, stale, pruned: { version: 1, tool: 'deploy-lint', findings: kept } };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
