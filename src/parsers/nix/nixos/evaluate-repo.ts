/**
 * All the Nix of a repository → facts. Each host (flake `nixosConfigurations`
 * or `hosts/NAME/`) is its own module set and its facts carry its name; the
 * modules no host loads are evaluated together as one more set, whose facts
 * carry no host (or `''` when hosts exist, so they do not leak into every
 * host's graph — see splitByHost in src/lint.ts).
 */
import { dirname } from 'node:path';
import { simpleDiagnostic, type Diagnostic } from '../../../model/diagnostic.js';
import { internalError } from '../../../model/internal-error.js';
import { BudgetExceeded } from '../eval/errors.js';
import { HOST_INCOMPLETE, NIX_EVAL_ERROR, NIX_UNKNOWN } from '../../../model/builtin-findings.js';
import type { Fact } from '../../../model/facts.js';
import type { Span } from '../../../model/span.js';
import type { ShellAnalyzer } from '../../shell/analyzer.js';
import type { RepoFileAccess } from '../eval/file-access.js';
import type { ModuleInput, ModuleScope } from '../modules/eval-modules.js';
import { RunBudget } from '../eval/budget.js';
import { extractFacts } from './extract.js';
import { flakeHosts, folderHosts, nixosSystemPrimop, notNixos, type HostDecl } from './hosts.js';
import type { Reader } from './read.js';
import { createSession, evalNixos, type Session } from './session.js';

/** Evaluation steps allowed per Nix file of the repository. */
export const STEPS_PER_FILE = 200_000;
/**
 * Steps of the whole run, every host together: per file, within bounds. The
 * ceiling is about 40 s of evaluation on a slow machine, whatever the number
 * of hosts or files (docs/architecture.md, untrusted repositories).
 */
const RUN_STEPS_MIN = 10_000_000;
const RUN_STEPS_MAX = 40_000_000;

export function runSteps(files: number, perFile = STEPS_PER_FILE): number {
  return Math.min(RUN_STEPS_MAX, Math.max(Math.min(RUN_STEPS_MIN, perFile * 50), perFile * files));
}

export interface RepoInput {
  /** The discovered `.nix` files. */
  files: ReadonlyArray<{ path: string; absPath: string }>;
  access: RepoFileAccess;
  cwd: string;
  shell: ShellAnalyzer;
  /** Per-file step budget (tests lower it). */
  stepsPerFile?: number;
  /** The run's budget (tests lower it); default runSteps(files). */
  run?: RunBudget;
}

export interface RepoOutput {
  facts: Fact[];
  diagnostics: Diagnostic[];
}

/**
 * Host names: the plain name when it is unique in the repository, else
 * qualified by where it is declared, as a flake reference would
 * (`examples/ci-host#ci`), so two repositories' hosts never share a graph.
 */
function uniqueNames(decls: Array<{ name: string; dir: string }>, taken: Set<string>): string[] {
  const count = new Map<string, number>();
  for (const d of decls) count.set(d.name, (count.get(d.name) ?? 0) + 1);
  return decls.map((d) => {
    let name = (count.get(d.name) ?? 0) > 1 || taken.has(d.name) ? `${d.dir}#${d.name}` : d.name;
    for (let n = 2; taken.has(name); n++) name = `${d.dir}#${d.name}~${n}`;
    taken.add(name);
    return name;
  });
}

/**
 * The evaluation budget ran out in this host (the run's, or one file's steps):
 * an error, since its units were not all read. A file no host imports, read
 * on its own, gets a warning: no host's result depends on it. `caught`: the
 * overrun stopped only that file, and the evaluation went on without it.
 */
function budgetSpent(run: RunBudget, label: string, at: Span | undefined, fallback: Span, host?: string, loose = false, file?: string, caught = false): Diagnostic {
  const where = at && !at.file.startsWith('<') ? at : fallback;
  const what = file !== undefined ? `step budget of one file (${file}) ran out here` : `${runBudget(run)} ran out here`;
  const lost = caught ? 'what that file defines is not read' : 'the rest of its configuration is not read';
  const message = `${label}: the Nix evaluation ${what}; ${lost}, so its findings are incomplete`;
  return withHost(simpleDiagnostic(loose ? NIX_EVAL_ERROR : HOST_INCOMPLETE, loose ? 'warning' : 'error', message, where), host);
}

/** Which of the run's budgets is spent. */
function runBudget(run: RunBudget): string {
  return run.allocated > run.maxAllocated ? `allocation budget (${run.maxAllocated} units of parsed source, list elements, attributes and string pieces)` : `step budget (${run.maxSteps} steps)`;
}

/** A host (or the hosts of a flake) not evaluated at all: the run's budget was spent before its turn. An error: its result is empty. */
function budgetGone(run: RunBudget, label: string, at: Span, host?: string): Diagnostic {
  const message = `${label}: not evaluated: the Nix evaluation ${runBudget(run)} ran out before its turn, so its findings are incomplete`;
  return withHost(simpleDiagnostic(HOST_INCOMPLETE, 'error', message, at), host);
}

/**
 * What is known of who imports a file no host loaded: nobody, or nobody
 * among the hosts read to their end (a host that stopped early may import it).
 */
function unimported(stopped: readonly string[], noun: string): string {
  if (stopped.length === 0) return `no host imports ${noun}`;
  return `no host read to its end imports ${noun}; ${stopped.length > 1 ? 'hosts' : 'host'} ${listed(stopped)} stopped early`;
}

/** The first three names, and how many more. */
function listed(names: readonly string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

function withHost(d: Diagnostic, host: string | undefined): Diagnostic {
  return host ? { ...d, host } : d;
}

/** A nix-unknown note (printed with --verbose) at a file's start. */
function noteAt(file: string, message: string): Diagnostic {
  return simpleDiagnostic(NIX_UNKNOWN, 'info', message, fileStart(file));
}

function fileStart(file: string): Span {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

export function evaluateRepo(input: RepoInput): RepoOutput {
  const facts: Fact[] = [];
  const diagnostics: Diagnostic[] = [];
  const { access } = input;
  const run = input.run ?? new RunBudget(runSteps(input.files.length, input.stepsPerFile));
  // Parsing is allocation too: each file's syntax tree is charged to the run
  // (src/parsers/nix/eval/budget.ts) when first needed, by the host importing
  // it, so files no host imports (parsed last) cannot starve the hosts.
  access.budget = run;
  const source = (abs: string): string | undefined => {
    const r = access.readText(abs);
    return 'text' in r ? r.text : undefined;
  };
  const options = { files: access, cwd: input.cwd, run, fileBudget: input.stepsPerFile ?? STEPS_PER_FILE, nixosSystem: nixosSystemPrimop };
  const sessions: Session[] = [];
  const loaded = new Set<string>();
  const hostNames = new Set<string>();
  /** Hosts whose evaluation stopped before its end: the files they would have loaded next were never reached. */
  const stopped: string[] = [];

  /** A new session, or none when the run's budget is already spent (making its lib takes steps). */
  const open = (): Session | undefined => {
    if (run.spent) return undefined;
    try {
      const session = createSession(options);
      sessions.push(session);
      return session;
    } catch (e) {
      if (e instanceof BudgetExceeded) return undefined;
      throw e;
    }
  };

  /**
   * One host's evaluation. What goes wrong in it stays in it: the run's
   * budget running out or a bug of ours is an error naming the host (its
   * result is incomplete, so the run cannot pass), and the other hosts are
   * still read.
   */
  const runHost = (session: Session, host: HostDecl | undefined, modules: ModuleInput[], fallback: Span, hostName?: string, loose = false): void => {
    const label = loose ? `${hostName} (${unimported(stopped, 'it')})` : hostName ? `host ${hostName}` : 'the NixOS configuration';
    if (run.spent && !loose) {
      // Nothing of it can be read: said so, not "ran out here" at its first line.
      diagnostics.push(budgetGone(run, label, fallback, hostName));
      if (hostName !== undefined) stopped.push(hostName);
      return;
    }
    const scope: ModuleScope = { ...session.scope, files: new Set(), specialArgs: host?.specialArgs ?? session.scope.specialArgs };
    session.m.startHost();
    let cut = false;
    try {
      const config = evalNixos(session, modules, scope);
      const out = extractFacts(session, config, { shell: input.shell, fallbackSpan: fallback });
      diagnostics.push(...out.diagnostics);
      // Object.assign, not `{ ...f, host }` (docs/architecture.md, "Speed").
      for (const f of out.facts) facts.push(hostName === undefined ? f : (Object.assign({}, f, { host: hostName }) as Fact));
      if (out.incomplete) diagnostics.push(budgetSpent(run, label, out.incomplete, fallback, hostName, loose));
      cut = out.incomplete !== undefined;
    } catch (e) {
      if (e instanceof BudgetExceeded) diagnostics.push(budgetSpent(run, label, e.span, fallback, hostName, loose, e.file));
      else diagnostics.push(withHost(internalError(`evaluating ${label}`, e, fallback), hostName));
      cut = e instanceof BudgetExceeded;
    }
    // A file that ran out of its own step budget lost what it defines wherever
    // the overrun was caught (one module, one option): a host importing it is
    // incomplete too. Without hosts, or read on its own, a file is only guessed
    // to be a module (it may be a package or a library): its warning says it.
    const over = session.m.takeOverrun();
    if (over && !cut && !loose && hostName !== undefined) diagnostics.push(budgetSpent(run, label, over.at, fallback, hostName, false, over.file, true));
    if ((cut || over) && !loose && hostName !== undefined) stopped.push(hostName);
    for (const f of scope.files) loaded.add(f);
  };

  // Flakes first: their hosts are the most explicit declaration.
  const flakeDecls: Array<{ host: HostDecl; session: Session; dir: string }> = [];
  for (const flake of input.files.filter((f) => f.path === 'flake.nix' || f.path.endsWith('/flake.nix'))) {
    loaded.add(flake.absPath);
    const session = open();
    if (!session) {
      diagnostics.push(budgetGone(run, `the hosts of ${flake.path}`, fileStart(flake.path)));
      continue;
    }
    const r: Reader = { m: session.m, report: session.scope.report, removals: [] };
    try {
      for (const host of flakeHosts(r, flake.absPath)) flakeDecls.push({ host, session, dir: dirname(flake.path) });
    } catch (e) {
      const at = fileStart(flake.path);
      diagnostics.push(e instanceof BudgetExceeded ? budgetSpent(run, `the hosts of ${flake.path}`, e.span, at) : internalError(`reading the hosts of ${flake.path}`, e, at));
    }
  }
  const flakeNames = uniqueNames(flakeDecls.map((d) => ({ name: d.host.name, dir: d.dir })), hostNames);
  flakeDecls.forEach(({ host, session }, i) => {
    const name = flakeNames[i]!;
    facts.push({ kind: 'host', name, span: host.span });
    runHost(session, host, host.modules, host.span, name);
  });
  // What a flake imports, even as a value (`import ./hosts/x`), is its, not a host of its own.
  for (const s of sessions) for (const f of s.m.imports.keys()) loaded.add(f);
  const folders = folderHosts(input.files, source).filter((h) => !loaded.has(h.root) && !notNixos(access.display(h.root), source(h.root)));
  const folderNames = uniqueNames(
    folders.map((h) => ({ name: h.name, dir: h.base })),
    hostNames,
  );
  folders.forEach((host, i) => {
    const name = folderNames[i]!;
    const span = fileStart(access.display(host.root));
    facts.push({ kind: 'host', name, span });
    const session = open();
    if (session) runHost(session, undefined, [{ kind: 'file', abs: host.root, at: span }], span, name);
    else {
      diagnostics.push(budgetGone(run, `host ${name}`, span, name));
      stopped.push(name);
      loaded.add(host.root);
    }
  });
  for (const s of sessions) for (const f of s.m.imports.keys()) loaded.add(f);

  // Everything no host loaded. Without hosts, the repository's modules are the
  // configuration: one module set. Beside hosts, each such file is evaluated on
  // its own (never merged with another: they are alternatives, or dead code),
  // as a partial graph of its own (HostFact.alone).
  const rest = input.files.filter((f) => {
    if (loaded.has(f.absPath)) return false;
    if (!notNixos(f.path, source(f.absPath))) return true;
    diagnostics.push(noteAt(f.path, 'a nix-darwin or home-manager file (by where it is or what it sets): not evaluated as a NixOS module'));
    return false;
  });
  /**
   * Files no host loaded that the run's budget leaves unevaluated: one
   * warning for them all (each host cut short already has its error).
   */
  const notEvaluated = (files: ReadonlyArray<{ path: string }>): void => {
    if (!files.length) return;
    const message = `${listed(files.map((f) => f.path))} (${unimported(stopped, files.length > 1 ? 'them' : 'it')}): not evaluated: the Nix evaluation ${runBudget(run)} ran out before ${files.length > 1 ? 'their' : 'its'} turn`;
    diagnostics.push(simpleDiagnostic(NIX_EVAL_ERROR, 'warning', message, fileStart(files[0]!.path)));
  };
  if (rest.length) {
    const session = open();
    const guessed = (f: { path: string; absPath: string }): ModuleInput => ({ kind: 'file', abs: f.absPath, at: fileStart(f.path), guess: true });
    if (hostNames.size === 0) {
      if (session) runHost(session, undefined, rest.map(guessed), fileStart(rest[0]!.path));
      else diagnostics.push(budgetGone(run, 'the NixOS configuration', fileStart(rest[0]!.path)));
    } else if (!session) notEvaluated(rest);
    else {
      // Many are not modules (callPackage files, flake-parts modules, library
      // functions): what goes wrong in them is a note (--verbose), not a warning.
      const loose = new Set(rest.map((f) => f.path));
      const warn = session.scope.report;
      session.scope.report = (message, at) => (at !== undefined && loose.has(at.file) ? session.m.note(`${message} (${unimported(stopped, 'this file')})`, at) : warn(message, at));
      for (const [i, f] of rest.entries()) {
        if (loaded.has(f.absPath)) continue; // imported by a file evaluated before it: part of that one
        if (run.spent) {
          notEvaluated(rest.slice(i).filter((g) => !loaded.has(g.absPath)));
          break;
        }
        const before = facts.length;
        runHost(session, undefined, [guessed(f)], fileStart(f.path), f.path, true);
        if (facts.length > before) facts.push({ kind: 'host', name: f.path, span: fileStart(f.path), alone: true });
      }
    }
  }
  // The syntax errors of every file: parsed above, or now with what is left of the budget.
  for (const f of input.files) diagnostics.push(...(access.parseFile(f.absPath)?.diagnostics ?? []));
  for (const s of sessions) diagnostics.push(...s.diagnostics, ...s.m.notes);
  const stored = new Map<string, string>();
  for (const s of sessions) for (const [storePath, abs] of s.m.storeSources) stored.set(storePath, access.display(abs));
  for (const [storePath, path] of [...stored].sort(([a], [b]) => (a < b ? -1 : 1))) facts.push({ kind: 'store-path', storePath, path });
  return { facts, diagnostics };
}
