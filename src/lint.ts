/**
 * The pipeline, end to end: discover → parsers → facts → graph → rules →
 * diagnostics. The CLI, the tests and the language server all call this.
 */
import type { SourceFile } from './discover/source-file.js';
import { readSource, type ReadResult } from './discover/read.js';
import { discover } from './discover/walk.js';
import { buildGraph, type StockCatalog } from './graph/build/index.js';
import type { DeployGraph } from './graph/model.js';
import type { Diagnostic } from './model/diagnostic.js';
import type { Fact } from './model/facts.js';
import { compareSpans } from './model/span.js';
import { ADAPTERS } from './parsers/registry.js';
import { loadStockCatalog } from './catalog/stock-units.js';
import { RULES } from '../rules/index.js';
import type { AnalysisSettings, Rule } from '../rules/rule.js';

export interface LintOptions {
  paths: string[];
  cwd?: string;
  ignore?: string[];
  defaultTarget?: string;
  /** Limit the run to one declared host. */
  host?: string;
  catalog?: StockCatalog;
  rules?: readonly Rule[];
  settings?: Partial<AnalysisSettings>;
}

export interface LintResult {
  files: SourceFile[];
  diagnostics: Diagnostic[];
  graphs: DeployGraph[];
}

export const DEFAULT_SETTINGS: AnalysisSettings = { defaultTimeoutStartSec: 90 };

export async function lint(opts: LintOptions): Promise<LintResult> {
  const files = discover(opts.paths, { cwd: opts.cwd, ignore: opts.ignore });
  const { facts, diagnostics } = await parseAll(files);
  const catalog = opts.catalog ?? loadStockCatalog();
  const settings = { ...DEFAULT_SETTINGS, ...opts.settings };
  const graphs: DeployGraph[] = [];
  for (const { host, facts: hostFacts } of splitByHost(facts, opts.host)) {
    const graph = buildGraph(hostFacts, { catalog, defaultTarget: opts.defaultTarget, host, files });
    graphs.push(graph);
    for (const rule of opts.rules ?? RULES) {
      for (const d of rule.check(graph, { settings })) diagnostics.push(host ? { ...d, host } : d);
    }
  }
  return { files, diagnostics: sortDiagnostics(dedupe(diagnostics)), graphs };
}

export async function parseAll(files: readonly SourceFile[]): Promise<{ facts: Fact[]; diagnostics: Diagnostic[] }> {
  const cache = new Map<string, ReadResult>();
  const ctx = {
    files,
    read(file: SourceFile): ReadResult {
      let r = cache.get(file.path);
      if (!r) cache.set(file.path, (r = readSource(file)));
      return r;
    },
  };
  const facts: Fact[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const adapter of ADAPTERS) {
    const mine = files.filter((f) => adapter.kinds.includes(f.kind));
    if (mine.length === 0) continue;
    const out = await adapter.parse(mine, ctx);
    facts.push(...out.facts);
    diagnostics.push(...out.diagnostics);
  }
  return { facts, diagnostics };
}

/** Each declared host gets its own graph; facts that belong to no host join every one. */
function splitByHost(facts: Fact[], only?: string): { host?: string; facts: Fact[] }[] {
  const hosts = [...new Set(facts.filter((f) => f.kind === 'host').map((f) => (f as { name: string }).name))].sort();
  if (hosts.length === 0) return [{ facts }];
  const shared = facts.filter((f) => !('host' in f) || f.host === undefined);
  const groups = hosts.map((h) => ({ host: h, facts: [...shared, ...facts.filter((f) => 'host' in f && f.host === h)] }));
  const unhosted = facts.filter((f) => f.kind !== 'host' && 'host' in f && f.host === '');
  if (unhosted.length) groups.push({ host: '', facts: [...shared, ...unhosted] });
  return only === undefined ? groups : groups.filter((g) => g.host === only);
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = JSON.stringify([d.rule, d.message, d.location, d.host]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Sorted by file, line, column, rule, then message: the same input gives the same bytes. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compareSpans(a.location, b.location) ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0) ||
      ((a.host ?? '') < (b.host ?? '') ? -1 : (a.host ?? '') > (b.host ?? '') ? 1 : 0),
  );
}
