/**
 * What a unit's start job waits on (gates), and which units make a gate's
 * target available (providers). Shared by the health-gate rules.
 */
import type { PathStep } from '../../model/diagnostic.js';
import type { Span } from '../../model/span.js';
import { holdsUpStartJob } from '../../systemd/service-types.js';
import { displayName } from '../ids.js';
import type { DeployGraph, ExecCommand, Provenance, UnitNode } from '../model.js';

/**
 * What makes the start job wait, each with its own remedies: a reconcile
 * spec's health gate on an endpoint, a wait loop in the unit's own commands,
 * or a blocking `systemctl` start of another unit.
 */
export type GateCause = 'spec-gate' | 'wait-loop' | 'unit-start';

export interface Gate {
  unit: UnitNode;
  cause: GateCause;
  /** For a blocking systemctl: the command as written. */
  command?: string;
  /** An endpoint id, or a unit id for a blocking `systemctl start`. */
  target: string;
  /** From the unit to the gate: `U runs spec`, `spec gates on E` (or just `U waits for E`). */
  steps: PathStep[];
  phase: ExecCommand['phase'];
  blocking: boolean;
  boundSec: number | null;
  boundSource?: string;
  span: Span;
}

/** Whether a command of `unit` in `phase` holds up its start job (systemd/service-types.ts). */
export function blocksStartJob(unit: UnitNode, phase: ExecCommand['phase']): boolean {
  return holdsUpStartJob(unit.serviceType, phase);
}

function why(unit: UnitNode, phase: ExecCommand['phase']): string {
  if (!blocksStartJob(unit, phase)) return `Type=${unit.serviceType ?? 'simple'}: ${phase} does not hold up the start job`;
  if (phase === 'ExecStart') return `Type=${unit.serviceType}: the start job blocks`;
  return `${phase}: the start job blocks`;
}

export function gatesOf(graph: DeployGraph, unit: UnitNode): Gate[] {
  // Three rules ask for every unit: a graph without gates (most) answers at once.
  if (!graph.hasEdgesOfKind('gates-on')) return [];
  const gates: Gate[] = [];
  for (const e of graph.outEdges(unit.id, ['gates-on'])) {
    for (const p of e.label.provenance) {
      const phase = p.phase ?? 'ExecStart';
      gates.push(gate(unit, graph.unit(e.to) ? 'unit-start' : 'wait-loop', e.to, phase, p, [{ node: unit.id, edge: 'gates-on', location: p.span, explanation: `${p.explanation} (${why(unit, phase)})` }]));
    }
  }
  for (const run of graph.outEdges(unit.id, ['runs'])) {
    for (const rp of run.label.provenance) {
      const phase = rp.phase ?? 'ExecStart';
      const first: PathStep = { node: unit.id, edge: 'runs', location: rp.span, explanation: `${rp.explanation} (${why(unit, phase)})` };
      for (const g of graph.outEdges(run.to, ['gates-on'])) {
        for (const gp of g.label.provenance) {
          gates.push(gate(unit, 'spec-gate', g.to, phase, gp, [first, { node: run.to, edge: 'gates-on', location: gp.span, explanation: gp.explanation }]));
        }
      }
    }
  }
  return gates;
}

function gate(unit: UnitNode, cause: GateCause, target: string, phase: ExecCommand['phase'], p: Provenance, steps: PathStep[]): Gate {
  const g: Gate = {
    unit, cause, target, steps, phase,
    blocking: blocksStartJob(unit, phase),
    boundSec: p.gate?.boundSec ?? null,
    span: p.span,
  };
  if (p.gate?.boundSource) g.boundSource = p.gate.boundSource;
  if (p.gate?.command) g.command = p.gate.command;
  return g;
}

/** A unit that makes a gate target available, and how (steps from the target back to the unit). */
export interface Provider {
  unit: string;
  steps: PathStep[];
}

/**
 * Units that serve (or, with `routes`, route) an endpoint: directly, by deploying
 * the stack that does, or by running the spec that deploys it.
 */
export function providersOf(graph: DeployGraph, target: string, kind: 'serves' | 'routes'): Provider[] {
  if (graph.unit(target)) return kind === 'serves' ? [{ unit: target, steps: [] }] : [];
  const out: Provider[] = [];
  for (const e of graph.inEdges(target, [kind])) {
    const p = e.label.provenance[0]!;
    const served: PathStep = { node: target, edge: kind, location: p.span, explanation: p.explanation };
    if (graph.unit(e.from)) {
      out.push({ unit: e.from, steps: [served] });
      continue;
    }
    for (const d of deployersOf(graph, e.from)) out.push({ unit: d.unit, steps: [served, ...d.steps] });
  }
  return dedupeProviders(out);
}

/** Units that bring up a stack or spec: deploying it themselves or running a spec that deploys it. */
function deployersOf(graph: DeployGraph, id: string): Provider[] {
  const out: Provider[] = [];
  const runners = (specId: string, via?: string): void => {
    for (const r of graph.inEdges(specId, ['runs'])) {
      const p = r.label.provenance[0]!;
      const what = via ? `${displayName(id)} is deployed by ${r.from} (${displayName(specId)})` : `${displayName(id)} is run by ${r.from}`;
      out.push({ unit: r.from, steps: [{ node: id, edge: 'deploys', location: p.span, explanation: what }] });
    }
  };
  if (id.startsWith('spec:')) {
    runners(id);
    return out;
  }
  for (const d of graph.inEdges(id, ['deploys'])) {
    const p = d.label.provenance[0]!;
    if (graph.unit(d.from)) out.push({ unit: d.from, steps: [{ node: id, edge: 'deploys', location: p.span, explanation: `${displayName(id)} is deployed by ${d.from}` }] });
    else if (d.from.startsWith('spec:')) runners(d.from, 'spec');
  }
  return out;
}

function dedupeProviders(list: Provider[]): Provider[] {
  const best = new Map<string, Provider>();
  for (const p of list) {
    const prev = best.get(p.unit);
    if (!prev || p.steps.length < prev.steps.length) best.set(p.unit, p);
  }
  return [...best.values()].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

/** The start timeout that applies: its own, the manager default, or none (null). */
export function effectiveStartTimeout(unit: UnitNode, defaultSec: number): number | null {
  return unit.startTimeoutSec === undefined ? defaultSec : unit.startTimeoutSec;
}
