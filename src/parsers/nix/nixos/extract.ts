/**
 * One evaluated configuration → facts: units (with their Exec entries
 * analysed as shell), the services' units and served hosts, address ranges.
 * Units that several sources declare (`docker.service` from
 * `virtualisation.docker` and from `systemd.services.docker`) become one.
 */
import { simpleDiagnostic, type Diagnostic } from '../../../model/diagnostic.js';
import type { Fact, ShellFacts, UnitFact } from '../../../model/facts.js';
import type { SourceText, Span } from '../../../model/span.js';
import type { ShellAnalyzer } from '../../shell/analyzer.js';
import { isExecDirective } from '../../../systemd/exec.js';
import { parseUnitName } from '../../../systemd/names.js';
import { BudgetExceeded } from '../eval/errors.js';
import { internalError } from '../../../model/internal-error.js';
import type { Thunk } from '../eval/value.js';
import { networking } from './networking.js';
import { scriptOf } from '../modules/lib.js';
import { attrs, finishRemovals, force, get, guard, real, sourceText, type Reader } from './read.js';
import { containers, docker } from './docker.js';
import { moduleServiceUnits } from './outside-modules.js';
import { traefik } from './traefik.js';
import { webServers } from './web-servers.js';
import type { Session } from './session.js';
import { systemdUnits } from './units.js';
import { spanOf } from '../syntax/positions.js';

export interface ExtractOptions {
  shell: ShellAnalyzer;
  /** Where to report a budget overrun when nothing more precise is known. */
  fallbackSpan: Span;
}

export interface Extracted {
  facts: Fact[];
  diagnostics: Diagnostic[];
  /** Set when the run's budget ran out while reading: where; the facts are what was read before. */
  incomplete?: Span;
}


export function extractFacts(session: Session, config: Thunk, opts: ExtractOptions): Extracted {
  const diagnostics: Diagnostic[] = [];
  const r: Reader = { m: session.m, report: session.scope.report, removals: [], fallback: opts.fallbackSpan };
  const facts: Fact[] = [];
  let incomplete: Span | undefined;
  // A bug of ours in one reader loses what it reads, not the other sections of this host;
  // the run's budget running out loses the rest, and says so.
  const part = <T>(what: string, fallback: T, f: () => T): T => {
    try {
      return guard(r, undefined, fallback, f);
    } catch (e) {
      if (e instanceof BudgetExceeded) incomplete ??= e.span && !e.span.file.startsWith('<') ? e.span : opts.fallbackSpan;
      else diagnostics.push(internalError(`reading ${what}`, e, opts.fallbackSpan));
      return fallback;
    }
  };
  {
    const cfg = attrs(part('the configuration', undefined, () => session.m.force(config)));
    const section = (name: string): ReturnType<typeof attrs> => attrs(part(name, undefined, () => force(r, get(cfg, name))));
    const virt = section('virtualisation');
    facts.push(...part('virtualisation.docker', [], () => docker(r, virt, section('networking'))));
    facts.push(...part('virtualisation.oci-containers', [], () => containers(r, virt)));
    facts.push(...part('the web servers', [], () => webServers(r, section('services'))));
    facts.push(...part('services.traefik', [], () => traefik(r, section('services'))));
    const units: UnitFact[] = [];
    part('systemd', [], () => systemdUnits(r, section('systemd'), units));
    facts.push(...units);
    facts.push(...part('the services', [], () => moduleServiceUnits(r, section('services'), facts, section('security'))));
    facts.push(...part('networking', [], () => networking(r, section('networking'))));
  }
  part('the removals', undefined, () => finishRemovals(r));
  const merged = mergeUnits(facts);
  for (const f of merged) if (f.kind === 'unit') part(`the commands of ${f.name}`, undefined, () => analyseShell(r, f, opts.shell, diagnostics));
  return incomplete ? { facts: merged, diagnostics, incomplete } : { facts: merged, diagnostics };
}

/** Units with one name become one fact: module-generated entries first, then the user's. */
function mergeUnits(facts: Fact[]): Fact[] {
  const byName = new Map<string, UnitFact>();
  const out: Fact[] = [];
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i]!;
    if (f.kind !== 'unit') {
      out.push(f);
      continue;
    }
    const prev = byName.get(f.name);
    if (!prev) {
      byName.set(f.name, f);
      out.push(f);
      continue;
    }
    prev.entries.push(...f.entries);
    if (f.uncertain) prev.uncertain = true;
    if (f.unknown) prev.unknown = [...(prev.unknown ?? []), ...f.unknown];
  }
  return out;
}

function analyseShell(r: Reader, unit: UnitFact, shell: ShellAnalyzer, diagnostics: Diagnostic[]): void {
  const unitName = parseUnitName(unit.name) ? unit.name : undefined;
  const entries = unit.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (!isExecDirective(e.section, e.key) || e.value.text === '') continue;
    const analysis = e.shellScript ? shell.analyzeScript(e.value) : shell.analyzeExecLine(e.value, unitName ? { unitName } : {});
    e.shell = analysis.facts;
    diagnostics.push(...analysis.diagnostics);
    // A script the command runs that the repository wrote (`pkgs.writeShellScript "x" ''…''`) is part of what it does.
    for (const body of writtenScripts(r, e.value.text)) {
      const more = shell.analyzeScript(body);
      // New lists: an analysis's lists are not to be written to (the empty ones are shared).
      const merged: ShellFacts = { ...e.shell };
      for (const k of Object.keys(more.facts) as Array<keyof ShellFacts>) {
        const add = more.facts[k];
        if (Array.isArray(add) && add.length) (merged[k] as unknown[]) = [...((e.shell[k] as unknown[] | undefined) ?? []), ...add];
      }
      e.shell = merged;
      diagnostics.push(...more.diagnostics);
    }
  }
}

const STORE_PATH = /\/nix\/store\/[0-9a-z]{32}-[^\s/'"]+/g;

/** The script texts of the written-script packages a command line names by store path. */
function writtenScripts(r: Reader, text: string): SourceText[] {
  const out: SourceText[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(STORE_PATH)) {
    if (seen.has(match[0])) continue;
    seen.add(match[0]);
    const pkg = r.m.packages.get(match[0]);
    const script = pkg ? scriptOf(r.m, pkg) : undefined;
    if (!script) continue;
    const v = guard(r, (script.expr ? spanOf(script.expr) : undefined), undefined, () => r.m.force(script));
    const at = real((script.expr ? spanOf(script.expr) : undefined));
    if (v?.t === 'string' && at) out.push(sourceText(v, at));
  }
  return out;
}
