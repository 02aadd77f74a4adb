/**
 * The pipeline, end to end: discover → parsers → facts → graph → rules →
 * diagnostics. The CLI, the tests and the language server all call this.
 */
import { relative, resolve, sep } from 'node:path';
import type { SourceFile } from './discover/source-file.js';
import { MAX_RUN_BYTES, ReadBudget, readSource, type ReadResult } from './discover/read.js';
import { Roots } from './discover/roots.js';
import { discover } from './discover/walk.js';
import { buildGraph, type StockCatalog } from './graph/build/index.js';
import type { DeployGraph } from './graph/model.js';
import type { Diagnostic, SuppressedFinding } from './model/diagnostic.js';
import { PARSE_ERROR } from './model/builtin-findings.js';
import type { Fact } from './model/facts.js';
import { compareSpans, span, writtenInRepository, type Span } from './model/span.js';
import { internalError } from './model/internal-error.js';
import type { Adapter, ParseContext, ParseOutput } from './parsers/adapter.js';
import { ADAPTERS, DEFAULT_ADAPTER_OPTIONS, type AdapterEntry, type AdapterOptions } from './parsers/registry.js';
import { loadStockCatalog, type Manager } from './systemd/stock-units.js';
import { RULES } from '../rules/registry.js';
import type { AnalysisSettings, Rule } from '../rules/api.js';
import { dropRestated, runRule } from './rule-engine.js';
import { knownRuleIds } from './config/kinds.js';
import { UNSWITCHABLE } from './model/builtin-findings.js';
import { Policy } from './config/policy.js';
import type { ResolvedConfig } from './config/resolve.js';
import { applySuppressions } from './suppress/apply.js';
import { deriveFixes } from './fix/derive/index.js';
import { repoFiles } from './fix/repo-text.js';
import { matchBaseline, type Baseline, type BaselineEntry } from './baseline/baseline.js';

export interface LintOptions {
  /** Files and folders to lint, relative to `cwd`. */
  paths: string[];
  cwd?: string;
  /**
   * The folder every reported path is relative to (the CLI passes the
   * repository root, src/config/root.ts); default `cwd`. The linted paths
   * must be inside it.
   */
  root?: string;
  ignore?: string[];
  defaultTarget?: string;
  /** Limit the run to one declared host. */
  host?: string;
  catalog?: StockCatalog;
  rules?: readonly Rule[];
  settings?: Partial<AnalysisSettings>;
  /** The resolved configuration (src/config/): severities, overrides, ignores, settings. */
  config?: ResolvedConfig;
  /** Run and report only these rules (parse errors and suppression findings are always reported). */
  select?: string[];
  /** Never run or report these rules. */
  ignoreRules?: string[];
  /** Honour `deploy-lint-disable` comments (default true). */
  inlineSuppressions?: boolean;
  /** Known findings to leave out of the report (`--baseline`). */
  baseline?: Baseline;
  /** Report only findings whose primary location or any path step is in one of these files (paths relative to `cwd`). */
  changedOnly?: string[];
  /** Told when the run moves to the next stage, for a progress line. */
  onProgress?: (stage: string) => void;
  /** Told once when the run has read more than LARGE_RUN_BYTES of files (the CLI then keeps V8's heap near what is live: src/runtime/v8-tuning.ts). */
  onLargeInput?: () => void;
}

export interface LintResult {
  /** The folder the paths of files and findings are relative to. */
  root: string;
  files: SourceFile[];
  diagnostics: Diagnostic[];
  graphs: DeployGraph[];
  /** Findings hidden by inline suppressions. */
  suppressed: Diagnostic[];
  /** Findings hidden by the baseline. */
  baselined: Diagnostic[];
  /** Both of the above, each with why it is hidden (SARIF carries them as `suppressions`). */
  hidden: SuppressedFinding[];
  /** Baseline entries no finding matched (prune them with `deploy-lint baseline prune`). */
  staleBaseline: BaselineEntry[];
  /** The hosts the repository declares (all of them, whatever --host chose), modules read on their own included. */
  hosts?: string[];
  /** Those of `hosts` that are a Nix module no host imports, read on its own (HostFact.alone): named by its path. */
  modulesAlone?: string[];
}

export const DEFAULT_SETTINGS: AnalysisSettings = { defaultTimeoutStartSec: 90 };

/**
 * The parse stage: every discovered file to facts. `texts` keeps each file's
 * text for later stages (suppressions read comments from it). `lint` uses
 * parseAll; a lint session (src/session/lint-session.ts) passes one that
 * reuses the parses of files that did not change.
 */
export type ParseStage = (
  files: readonly SourceFile[],
  texts: Map<string, ReadResult>,
  progress: (stage: string) => void,
  options: AdapterOptions,
  scope?: ReadScope,
) => Promise<{ facts: Fact[]; diagnostics: Diagnostic[] }>;

/** What a run may read: inside its roots, within its budget of bytes. */
export interface ReadScope {
  roots: Roots;
  budget: ReadBudget;
}

export async function lint(opts: LintOptions, parse: ParseStage = parseAll): Promise<LintResult> {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const root = resolve(cwd, opts.root ?? '.');
  const config = opts.config;
  const policy = new Policy(config, root, { select: opts.select, ignoreRules: opts.ignoreRules });
  const progress = opts.onProgress ?? NO_PROGRESS;
  progress('discovering files');
  const paths = (opts.paths.length ? opts.paths : ['.']).map((p) => resolve(cwd, p));
  // Each given path is a root of its own: nothing outside them is read (src/discover/roots.ts).
  const scope: ReadScope = { roots: new Roots(paths, cwd), budget: new ReadBudget(MAX_RUN_BYTES, opts.onLargeInput) };
  const outside: Diagnostic[] = [];
  const files = discover(paths, { cwd: root, ignore: rebaseGlobs(opts.ignore, cwd, root), roots: scope.roots, findings: outside }).filter(
    (f) => !policy.isIgnoredFile(f.path),
  );
  const texts = new Map<string, ReadResult>();
  const { facts, diagnostics } = await parse(files, texts, progress, adapterOptions(config), scope);
  diagnostics.push(...outside.filter((d) => !policy.isIgnoredFile(d.location.file)));
  const settings: AnalysisSettings = { ...DEFAULT_SETTINGS, ...settingsFrom(config), ...opts.settings };
  const defaultTarget = opts.defaultTarget ?? config?.defaultTarget;
  const rules = (opts.rules ?? RULES).filter((r) => policy.mayRun(r.meta.id));
  const graphs: DeployGraph[] = [];
  const groups = splitByManager(splitByHost(facts, opts.host));
  for (const [i, { host, manager, facts: hostFacts }] of groups.entries()) {
    const of = groups.length > 1 ? ` (${i + 1} of ${groups.length})` : '';
    progress(host ? `checking host ${host}${manager === 'system' ? '' : ` (${manager} manager)`}${of}` : `checking the ${manager === 'system' ? '' : `${manager} manager's `}graph${of}`);
    const catalog = opts.catalog ?? loadStockCatalog(manager);
    // A failure here loses this host's graph or one rule's findings, never the other hosts' or rules'.
    const where = hostSpan(hostFacts, host) ?? span(files[0]?.path ?? '.', 1, 1);
    let graph: DeployGraph;
    try {
      graph = buildGraph(hostFacts, { catalog, defaultTarget: manager === 'system' ? defaultTarget : MANAGER_DEFAULT_TARGET[manager], manager, elsewhere: (name) => otherManagerOf(name, manager), host, files, pathMap: settings.pathMap });
    } catch (e) {
      diagnostics.push(internalError(host ? `building the graph of host ${host}` : 'building the graph', e, where, host || undefined));
      continue;
    }
    graphs.push(graph);
    const first = diagnostics.length;
    const found: Diagnostic[] = [];
    for (const rule of rules) {
      try {
        for (const d of runRule(rule, graph, settings, host)) found.push(d);
      } catch (e) {
        diagnostics.push(internalError(`rule ${rule.meta.id}${host ? ` on host ${host}` : ''}`, e, where, host || undefined));
      }
    }
    for (const d of dropRestated(found, rules)) diagnostics.push(anchorInRepository(d));
    deriveFixes(diagnostics.slice(first), graph, repoFiles(root, texts));
  }

  // After the rules: severities and off (config), inline suppressions, baseline, changed-only.
  // Findings that say the run is incomplete pass no suppression, baseline or changed-only filter.
  const all = policy.apply(dedupe(diagnostics));
  const gate = all.filter((d) => UNSWITCHABLE.has(d.rule));
  let reported = all.filter((d) => !UNSWITCHABLE.has(d.rule));
  let suppressed: Diagnostic[] = [];
  let reasons = new Map<Diagnostic, string>();
  if (opts.inlineSuppressions !== false) {
    const s = applySuppressions({
      diagnostics: reported,
      files,
      text: (f) => {
        const r = texts.get(f.path) ?? readSource(f);
        return r.ok ? r.text : undefined;
      },
      isActive: (rule, file) => policy.isActive(rule, file),
      knownRules: knownRuleIds(),
    });
    reported = [...s.kept, ...policy.apply(s.reports)];
    suppressed = s.suppressed;
    reasons = s.reasons;
  }
  let baselined: Diagnostic[] = [];
  let staleBaseline: BaselineEntry[] = [];
  if (opts.baseline) {
    const m = matchBaseline(sortDiagnostics(reported), opts.baseline);
    reported = m.fresh;
    baselined = m.baselined;
    staleBaseline = m.stale;
  }
  if (opts.changedOnly) reported = onlyTouching(reported, opts.changedOnly.map((f) => relative(root, resolve(cwd, f)).split(sep).join('/')));
  suppressed = sortDiagnostics(suppressed);
  const hidden: SuppressedFinding[] = [
    ...suppressed.map((d) => ({ diagnostic: d, kind: 'inSource' as const, justification: reasons.get(d) ?? 'suppressed by a deploy-lint-disable comment' })),
    ...baselined.map((d) => ({ diagnostic: d, kind: 'external' as const, justification: 'a known finding, listed in the baseline' })),
  ];
  const hostFacts = facts.filter((f) => f.kind === 'host');
  const hosts = [...new Set(hostFacts.map((f) => f.name))].sort();
  const modulesAlone = [...new Set(hostFacts.filter((f) => f.alone).map((f) => f.name))].sort();
  return { hosts, modulesAlone, root, files, diagnostics: sortDiagnostics([...gate, ...reported]), graphs, suppressed, baselined, hidden, staleBaseline };
}

/** `--ignore` globs are written relative to `cwd`; discovery matches paths relative to `root`. */
function rebaseGlobs(globs: string[] | undefined, cwd: string, root: string): string[] | undefined {
  const prefix = relative(root, cwd).split(sep).join('/');
  if (!globs || prefix === '') return globs;
  return globs.map((g) => (g.startsWith('!') ? `!${prefix}/${g.slice(1)}` : `${prefix}/${g}`));
}

/**
 * A finding is shown where the repository can be edited: when a rule anchored
 * it in a stock unit (/usr/lib/systemd/…), the first path step in a linted
 * file becomes its primary location. The stock step stays in the path. (Code
 * scanning, GitLab and reviewdog cannot place a finding outside the checkout.)
 */
function anchorInRepository(d: Diagnostic): Diagnostic {
  if (writtenInRepository(d.location)) return d;
  const step = d.path.find((p) => writtenInRepository(p.location));
  return step ? { ...d, location: step.location } : d;
}

/** Config `vocabulary`: each list given replaces the built-in one. */
function adapterOptions(config: ResolvedConfig | undefined): AdapterOptions {
  const given = Object.entries(config?.vocabulary ?? {}).filter(([, names]) => names !== undefined);
  if (given.length === 0) return DEFAULT_ADAPTER_OPTIONS;
  return { vocabulary: { ...DEFAULT_ADAPTER_OPTIONS.vocabulary, ...Object.fromEntries(given) } };
}

function settingsFrom(config: ResolvedConfig | undefined): Partial<AnalysisSettings> {
  if (!config) return {};
  const out: Partial<AnalysisSettings> = { external: config.external, serves: config.serves, pathMap: config.pathMap };
  if (config.defaultTimeoutStartSec !== undefined) out.defaultTimeoutStartSec = config.defaultTimeoutStartSec;
  return out;
}

/** The pre-commit filter: findings that start in, or pass through, one of the given files. */
function onlyTouching(list: Diagnostic[], files: readonly string[]): Diagnostic[] {
  const wanted = new Set(files);
  return list.filter((d) => wanted.has(d.location.file) || d.path.some((p) => wanted.has(p.location.file)));
}

/** What a run without a progress line is told: nothing, and parseAll builds no words for it. */
export const NO_PROGRESS = (_stage: string): void => {};

/** `cache` keeps each file's text for later stages (suppressions read comments from it). */
export async function parseAll(
  files: readonly SourceFile[],
  cache = new Map<string, ReadResult>(),
  progress: (stage: string) => void = NO_PROGRESS,
  options: AdapterOptions = DEFAULT_ADAPTER_OPTIONS,
  scope?: ReadScope,
): Promise<{ facts: Fact[]; diagnostics: Diagnostic[] }> {
  let stage = '';
  let read = 0;
  const ctx: ParseContext = {
    files,
    read(file: SourceFile): ReadResult {
      let r = cache.get(file.path);
      if (!r) {
        cache.set(file.path, (r = readSource(file, scope?.budget)));
        // The progress line moves with every file read (it redraws at most every 100 ms); no line, no words.
        read++;
        if (progress !== NO_PROGRESS) progress(`${stage}: ${read} of ${files.length} files read`);
      }
      return r;
    },
  };
  if (scope) ctx.roots = scope.roots;
  const facts: Fact[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const entry of ADAPTERS) {
    const mine = files.filter((f) => entry.kinds.includes(f.kind));
    if (mine.length === 0) continue;
    stage = `parsing ${mine.length} ${entry.kinds.join('/')} file${mine.length === 1 ? '' : 's'}`;
    progress(`${stage}: ${read} of ${files.length} files read`);
    const out = await parseContained(entry, options, mine, ctx);
    facts.push(...out.facts);
    diagnostics.push(...out.diagnostics);
  }
  return { facts, diagnostics: oneParseErrorPerFile(diagnostics) };
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * A file that does not parse is one finding, not one per line: the first
 * parse error of the highest severity, with a count of the others (a file that
 * is not what its name says, an XML `ssh.service`, would otherwise bury every
 * other finding).
 */
export function oneParseErrorPerFile(list: Diagnostic[]): Diagnostic[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of list) {
    if (d.rule !== PARSE_ERROR) continue;
    const group = byFile.get(d.location.file);
    if (group) group.push(d);
    else byFile.set(d.location.file, [d]);
  }
  const kept = new Set<Diagnostic>();
  const replaced = new Map<Diagnostic, Diagnostic>();
  for (const group of byFile.values()) {
    const first = [...group].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareSpans(a.location, b.location))[0]!;
    kept.add(first);
    const rest = group.length - 1;
    if (rest > 0) replaced.set(first, { ...first, message: `${first.message} (and ${rest} more parse error${rest === 1 ? '' : 's'} in this file)` });
  }
  return list.filter((d) => d.rule !== PARSE_ERROR || kept.has(d)).map((d) => replaced.get(d) ?? d);
}

/**
 * One adapter over its files; if it throws (a bug of ours), each file is
 * parsed alone so only the files it fails on are lost, each an internal-error.
 */
async function parseContained(entry: AdapterEntry, options: AdapterOptions, files: SourceFile[], ctx: ParseContext): Promise<ParseOutput> {
  let adapter: Adapter;
  try {
    adapter = await entry.load(options);
    return await adapter.parse(files, ctx);
  } catch (e) {
    if (files.length === 1 || adapter! === undefined) return { facts: [], diagnostics: files.map((f) => internalError(`the ${f.kind} parser`, e, span(f.path, 1, 1))) };
  }
  const out: ParseOutput = { facts: [], diagnostics: [] };
  for (const f of files) {
    const one = await parseContained(entry, options, [f], ctx);
    out.facts.push(...one.facts);
    out.diagnostics.push(...one.diagnostics);
  }
  return out;
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

/** What each manager starts at boot (man systemd.special: the user manager's default.target, the initrd's initrd.target). */
const MANAGER_DEFAULT_TARGET: Record<Manager, string> = { system: 'multi-user.target', user: 'default.target', initrd: 'initrd.target' };

/** The other manager whose stock units include `name`, if any. */
function otherManagerOf(name: string, manager: Manager): Manager | undefined {
  return (['system', 'user', 'initrd'] as const).find((m) => m !== manager && loadStockCatalog(m).units.has(name));
}

/**
 * User units and initrd units belong to other managers than the system's
 * (docs/architecture.md, "managers"): each gets a graph of its own, with its
 * own stock units. Only unit facts carry a manager; everything else (stacks,
 * specs, scripts) is the system's.
 */
function splitByManager(groups: { host?: string; facts: Fact[] }[]): { host?: string; manager: Manager; facts: Fact[] }[] {
  const out: { host?: string; manager: Manager; facts: Fact[] }[] = [];
  for (const g of groups) {
    const by = new Map<Manager, Fact[]>([['system', []]]);
    for (const f of g.facts) {
      const m: Manager = ('manager' in f && f.manager) || 'system';
      let list = by.get(m);
      if (!list) by.set(m, (list = []));
      list.push(f);
    }
    for (const [manager, facts] of by) if (manager === 'system' || facts.length) out.push({ ...g, manager, facts });
  }
  return out;
}

/** Where a host is declared: internal errors about its graph are reported there. */
function hostSpan(facts: readonly Fact[], host: string | undefined): Span | undefined {
  if (!host) return undefined;
  const f = facts.find((x): x is Extract<Fact, { kind: 'host' }> => x.kind === 'host' && x.name === host);
  return f?.span;
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
