/**
 * All the Nix of a repository → facts. Each host (flake `nixosConfigurations`
 * or `hosts/NAME/`) is its own module set and its facts carry its name; the
 * modules no host loads are evaluated together as one more set, whose facts
 * carry no host (or `''` when hosts exist, so they do not leak into every
 * host's graph — see splitByHost in src/lint.ts).
 */
import { dirname } from 'node:path';
import type { Diagnostic } from '../../../model/diagnostic.js';
import type { Fact } from '../../../model/facts.js';
import type { Span } from '../../../model/span.js';
import type { ShellAnalyzer } from '../../shell/analyzer.js';
import type { RepoFileAccess } from '../eval/file-access.js';
import type { ModuleInput, ModuleScope } from '../modules/eval-modules.js';
import { extractFacts } from './extract.js';
import { flakeHosts, folderHosts, nixosSystemPrimop, type HostDecl } from './hosts.js';
import type { Reader } from './read.js';
import { createSession, evalNixos, type Session } from './session.js';

/** Evaluation steps allowed per Nix file of the repository (the whole run gets this times the file count). */
export const STEPS_PER_FILE = 200_000;

export interface RepoInput {
  /** The discovered `.nix` files. */
  files: ReadonlyArray<{ path: string; absPath: string }>;
  access: RepoFileAccess;
  cwd: string;
  shell: ShellAnalyzer;
  /** Per-file step budget (tests lower it). */
  stepsPerFile?: number;
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

function fileStart(file: string): Span {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

export function evaluateRepo(input: RepoInput): RepoOutput {
  const facts: Fact[] = [];
  const diagnostics: Diagnostic[] = [];
  const { access } = input;
  for (const f of input.files) diagnostics.push(...(access.parseFile(f.absPath)?.diagnostics ?? []));
  const budget = (input.stepsPerFile ?? STEPS_PER_FILE) * Math.max(1, input.files.length);
  const options = { files: access, cwd: input.cwd, budget, fileBudget: input.stepsPerFile ?? STEPS_PER_FILE, nixosSystem: nixosSystemPrimop };
  const sessions: Session[] = [];
  const loaded = new Set<string>();
  const hostNames = new Set<string>();

  const runHost = (session: Session, host: HostDecl | undefined, modules: ModuleInput[], fallback: Span, hostName?: string): void => {
    const scope: ModuleScope = { ...session.scope, files: new Set(), specialArgs: host?.specialArgs ?? session.scope.specialArgs };
    const config = evalNixos(session, modules, scope);
    const out = extractFacts(session, config, { shell: input.shell, fallbackSpan: fallback });
    for (const f of scope.files) loaded.add(f);
    diagnostics.push(...out.diagnostics);
    for (const f of out.facts) facts.push(hostName === undefined ? f : ({ ...f, host: hostName } as Fact));
  };

  // Flakes first: their hosts are the most explicit declaration.
  const flakeDecls: Array<{ host: HostDecl; session: Session; dir: string }> = [];
  for (const flake of input.files.filter((f) => f.path === 'flake.nix' || f.path.endsWith('/flake.nix'))) {
    loaded.add(flake.absPath);
    const session = createSession(options);
    sessions.push(session);
    const r: Reader = { m: session.m, report: session.scope.report, removals: [] };
    for (const host of flakeHosts(r, flake.absPath)) flakeDecls.push({ host, session, dir: dirname(flake.path) });
  }
  const flakeNames = uniqueNames(flakeDecls.map((d) => ({ name: d.host.name, dir: d.dir })), hostNames);
  flakeDecls.forEach(({ host, session }, i) => {
    const name = flakeNames[i]!;
    facts.push({ kind: 'host', name, span: host.span });
    runHost(session, host, host.modules, host.span, name);
  });
  // What a flake imports, even as a value (`import ./hosts/x`), is its, not a host of its own.
  for (const s of sessions) for (const f of s.m.imports.keys()) loaded.add(f);
  const folders = folderHosts(input.files).filter((h) => !loaded.has(h.root));
  const folderNames = uniqueNames(
    folders.map((h) => ({ name: h.name, dir: dirname(dirname(dirname(access.display(h.root)))) })),
    hostNames,
  );
  folders.forEach((host, i) => {
    const name = folderNames[i]!;
    const session = createSession(options);
    sessions.push(session);
    const span = fileStart(access.display(host.root));
    facts.push({ kind: 'host', name, span });
    runHost(session, undefined, [{ kind: 'file', abs: host.root, at: span }], span, name);
  });
  for (const s of sessions) for (const f of s.m.imports.keys()) loaded.add(f);

  // Everything no host loaded. Without hosts, the repository's modules are the
  // configuration: one module set. Beside hosts, each such file is evaluated on
  // its own (never merged with another: they are alternatives, or dead code),
  // as a partial graph of its own (HostFact.alone).
  const rest = input.files.filter((f) => !loaded.has(f.absPath));
  if (rest.length) {
    const session = createSession(options);
    sessions.push(session);
    const guessed = (f: { path: string; absPath: string }): ModuleInput => ({ kind: 'file', abs: f.absPath, at: fileStart(f.path), guess: true });
    if (hostNames.size === 0) runHost(session, undefined, rest.map(guessed), fileStart(rest[0]!.path));
    else {
      // Many are not modules (callPackage files, flake-parts modules, library
      // functions): what goes wrong in them is a note (--verbose), not a warning.
      const loose = new Set(rest.map((f) => f.path));
      const warn = session.scope.report;
      session.scope.report = (message, at) => (at !== undefined && loose.has(at.file) ? session.m.note(`${message} (no host imports this file)`, at) : warn(message, at));
      for (const f of rest) {
        if (loaded.has(f.absPath)) continue; // imported by a file evaluated before it: part of that one
        const before = facts.length;
        runHost(session, undefined, [guessed(f)], fileStart(f.path), f.path);
        if (facts.length > before) facts.push({ kind: 'host', name: f.path, span: fileStart(f.path), alone: true });
      }
    }
  }
  for (const s of sessions) diagnostics.push(...s.diagnostics, ...s.m.notes);
  return { facts, diagnostics };
}
