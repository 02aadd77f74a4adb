/**
 * The cross-format edges (docs/architecture.md, "The pipeline", step 4): which unit runs which reconcile
 * spec, which spec or unit deploys which stack, who serves and routes which
 * endpoint, and what each unit or spec waits on before its start job can finish.
 */
import type { ArgSyntax, CaseGuard, Fact, ShellFacts, ShellScriptFact, SpecFact, SpecScriptFact, StackFact } from '../../model/facts.js';
import type { Located } from '../../model/span.js';
import { parseEndpoint } from '../../model/endpoint.js';
import { withServiceSuffix } from '../../systemd/names.js';
import type { DeployGraph, ExecCommand, UnitNode } from '../model.js';
import { displayName, endpointId, specId, stackId, stackName } from '../ids.js';
import type { RepoFiles } from './repo-files.js';
import { describeFilled, fill, guardsHold, invocationArgs, lazyUnitEnvironment, type Caller } from './script-inputs.js';

/** Scripts followed per command with distinct arguments (a script calling itself with new ones stops here). */
const MAX_SCRIPT_VISITS = 32;

interface LinkInputs {
  specs: SpecFact[];
  specScripts: Map<string, SpecScriptFact>;
  shellScripts: Map<string, ShellScriptFact>;
  stacks: Map<string, StackFact>;
  files: RepoFiles;
}

export function addLinks(graph: DeployGraph, facts: readonly Fact[], files: RepoFiles): void {
  const inputs: LinkInputs = { specs: [], specScripts: new Map(), shellScripts: new Map(), stacks: new Map(), files };
  for (const f of facts) {
    if (f.kind === 'spec') inputs.specs.push(f);
    else if (f.kind === 'spec-script') inputs.specScripts.set(f.file, f);
    else if (f.kind === 'shell-script') inputs.shellScripts.set(f.file, f);
    else if (f.kind === 'stack') inputs.stacks.set(f.file, f);
    else if (f.kind === 'serves') {
      const ep = endpoint(graph, f.endpoint);
      if (ep && graph.unit(f.unit)) graph.addEdge(f.unit, ep, 'serves', { span: f.endpoint.span, explanation: `${f.endpoint.value} is served by ${f.unit} (${f.via})` });
    }
  }
  for (const stack of inputs.stacks.values()) addStack(graph, stack);
  addProxyRoutes(graph, [...inputs.stacks.values()]);
  for (const spec of inputs.specs) addSpec(graph, spec, inputs);
  for (const unit of graph.units()) {
    if (unit.source === 'repo') for (const cmd of unit.exec) linkCommand(graph, unit, cmd, inputs);
  }
}

function endpoint(graph: DeployGraph, raw: Located<string>): string | null {
  // A host still holding a shell or Nix variable is unknown: it must never meet a real endpoint.
  if (raw.value.includes('$')) return null;
  const e = parseEndpoint(raw.value);
  if (!e) return null;
  const id = endpointId(e);
  if (!graph.node(id)) graph.addNode({ kind: 'endpoint', id, host: displayName(id), span: raw.span });
  return id;
}

function addStack(graph: DeployGraph, stack: StackFact): void {
  const id = stackId(stack.file);
  graph.addNode({ kind: 'stack', id, file: stack.file, span: stack.span, fact: stack });
  const name = stackName(stack.file);
  for (const svc of stack.services) {
    for (const host of svc.serves) {
      const ep = endpoint(graph, host);
      if (ep) graph.addEdge(id, ep, 'serves', { span: host.span, explanation: `${host.value} is served by stack "${name}" (service ${svc.name}, traefik Host rule)` });
    }
    for (const port of svc.ports) {
      const published = /^(?:[\d.]+:)?(\d+):\d+/.exec(port.value)?.[1];
      if (!published) continue;
      const ep = endpoint(graph, { value: `localhost:${published}`, span: port.span });
      if (ep) graph.addEdge(id, ep, 'serves', { span: port.span, explanation: `localhost:${published} is published by stack "${name}" (service ${svc.name})` });
    }
  }
}

/** Traefik reads the labels of every service on the swarm: the stack running it routes every labelled host. */
function addProxyRoutes(graph: DeployGraph, stacks: StackFact[]): void {
  for (const proxy of stacks) {
    const svc = proxy.services.find((s) => s.proxy === 'traefik');
    if (!svc) continue;
    for (const stack of stacks) {
      for (const e of graph.outEdges(stackId(stack.file), ['serves'])) {
        if (e.to.startsWith('endpoint:localhost:')) continue;
        graph.addEdge(stackId(proxy.file), e.to, 'routes', {
          span: svc.image?.span ?? svc.span,
          explanation: `stack "${stackName(proxy.file)}" runs traefik (service ${svc.name}), which routes ${displayName(e.to)}`,
        });
      }
    }
  }
}

function addSpec(graph: DeployGraph, spec: SpecFact, inputs: LinkInputs): void {
  const id = specId(spec.file, spec.name);
  graph.addNode({ kind: 'spec', id, name: spec.name, span: spec.span, fact: spec });
  const script = inputs.specScripts.get(spec.file);
  const bound = spec.timeoutSec ?? script?.defaultGateTimeoutSec;
  for (const g of spec.gates) {
    const ep = endpoint(graph, g);
    if (!ep) continue;
    graph.addEdge(id, ep, 'gates-on', {
      span: g.span,
      explanation: `spec "${spec.name}" gates on ${displayName(ep)} (${g.field ?? 'health gate'})`,
      gate: {
        boundSec: bound?.value ?? null,
        what: g.field ?? 'health gate',
        ...(bound ? { boundSource: `${bound.value} s at ${bound.span.file}:${bound.span.line}` } : {}),
      },
    });
  }
  for (const s of spec.serves) {
    const ep = endpoint(graph, s);
    if (ep) graph.addEdge(id, ep, 'serves', { span: s.span, explanation: `${displayName(ep)} is served by spec "${spec.name}"` });
  }
  const stackRefs = spec.stacks.length ? spec.stacks : [];
  for (const ref of stackRefs) {
    const file = resolveStack(ref.value, spec.file, inputs);
    if (file) graph.addEdge(id, stackId(file), 'deploys', { span: ref.span, explanation: `spec "${spec.name}" deploys stack "${stackName(file)}"` });
    else graph.unresolved.push({ what: 'file', name: ref.value, span: ref.span, from: id });
  }
  if (stackRefs.length === 0) {
    // No stack field: a stack file named like the spec is the convention reconcile scripts use.
    const byName = [...inputs.stacks.keys()].filter((f) => stackName(f) === spec.name);
    if (byName.length === 1) graph.addEdge(id, stackId(byName[0]!), 'deploys', { span: spec.span, explanation: `spec "${spec.name}" deploys stack "${spec.name}" (by name)` });
  }
}

function resolveStack(ref: string, fromFile: string, inputs: LinkInputs): string | undefined {
  const file = inputs.files.resolve(ref, fromFile);
  if (file && inputs.stacks.has(file)) return file;
  const byName = [...inputs.stacks.keys()].filter((f) => stackName(f) === ref);
  return byName.length === 1 ? byName[0] : undefined;
}

/**
 * Follows one Exec command, and the repo scripts it runs, to specs, stacks and
 * waits. A script is read with the arguments its invocation gives and the
 * unit's environment (script-inputs.ts): `wait-for.sh localhost:9090` makes the
 * script's `$1` wait on localhost:9090.
 */
function linkCommand(graph: DeployGraph, unit: UnitNode, cmd: ExecCommand, inputs: LinkInputs): void {
  const visits = new Set<string>();
  const visit = (shell: ShellFacts, fromFile: string, caller: Caller): void => {
    const syntax = shell.argSyntax;
    // What happens only in `case "$1" in stop) …` when this caller gives `start` does not happen here.
    const here = <T extends { when?: CaseGuard[] }>(facts: readonly T[]): T[] => facts.filter((f) => guardsHold(f.when, caller, syntax));
    for (const inv of here(shell.invocations)) {
      const program = fill(inv.program, caller, syntax);
      const file = program?.length === 1 ? inputs.files.resolve(program[0]!.value, fromFile) : undefined;
      if (!file) continue;
      // `. file` / `source file` without arguments runs in the caller's shell, with its `$@`.
      const sourced = (inv.interpreter === 'source' || inv.interpreter === '.') && inv.args.length === 0;
      const args = sourced ? caller.args : invocationArgs(inv.args, caller, syntax);
      const known = (args ?? []).filter((a): a is NonNullable<typeof a> => a !== null);
      const specs = inputs.specs.filter((s) => s.file === file);
      const script = inputs.specScripts.get(file);
      const run: ScriptRun = { unit, cmd, args: known, script: file, caller: { args, env: caller.env }, syntax: script?.argSyntax };
      if (specs.length || script) {
        linkSpecs(graph, run, specs.length ? specs : inputs.specs, Boolean(script?.specArg), script?.defaultGateTimeoutSec);
      } else if (/\.py$/.test(file) || inv.interpreter?.startsWith('python')) {
        // A deploy script without a table of its own reads its specs from spec files (YAML/JSON/TOML).
        linkSpecs(graph, run, inputs.specs.filter((s) => !inputs.specScripts.has(s.file)), false, undefined);
      }
      const sh = inputs.shellScripts.get(file);
      const key = `${file}\0${JSON.stringify(args?.map((a) => a?.value ?? null) ?? null)}`;
      if (sh && !visits.has(key) && visits.size < MAX_SCRIPT_VISITS) {
        visits.add(key);
        visit(sh.shell, file, { args, env: caller.env });
      }
    }
    for (const d of here(shell.stackDeploys)) {
      for (const f of d.files) {
        const filled = fill(f, caller, syntax);
        for (const name of filled ?? [{ value: f.value, via: [] }]) {
          const file = resolveStack(name.value, fromFile, inputs);
          if (file) graph.addEdge(unit.id, stackId(file), 'deploys', { span: d.span, explanation: `${unit.name} deploys stack "${stackName(file)}" (docker ${d.tool} deploy)${describeFilled(name)}`, phase: cmd.phase, tool: d.tool });
          else graph.unresolved.push({ what: 'file', name: name.value, span: f.span, from: unit.id });
        }
      }
    }
    for (const w of here(shell.waits)) {
      for (const value of fill(w.endpoint, caller, syntax) ?? []) {
        const ep = endpoint(graph, { value: value.value, span: w.endpoint.span });
        if (!ep) continue;
        graph.addEdge(unit.id, ep, 'gates-on', {
          span: w.span,
          explanation: `${unit.name} waits for ${displayName(ep)} in ${cmd.phase} (${w.tool}${w.boundSec === null ? ', no bound' : `, up to ${w.boundSec} s`})${describeFilled(value)}`,
          phase: cmd.phase,
          gate: { boundSec: w.boundSec, what: w.tool, ...(w.boundSec !== null ? { boundSource: `the ${w.tool} wait's own bound` } : {}) },
        });
      }
    }
    for (const s of here(shell.unitStarts)) {
      if (!s.blocking) continue;
      for (const value of fill(s.unit, caller, syntax) ?? []) {
        const target = withServiceSuffix(value.value);
        if (!graph.unit(target)) continue;
        graph.addEdge(unit.id, target, 'gates-on', {
          span: s.span,
          explanation: `${unit.name} runs \`${s.command}\` in ${cmd.phase}, which waits until ${target} has started${describeFilled(value)}`,
          phase: cmd.phase,
          gate: { boundSec: null, what: 'systemctl', command: s.command },
        });
      }
    }
  };
  if (cmd.shell) visit(cmd.shell, cmd.entry.span.file, { args: null, env: lazyUnitEnvironment(unit) });
}

/** A unit's command running a reconcile script: with which arguments, for the specs it runs and their gates. */
interface ScriptRun {
  unit: UnitNode;
  cmd: ExecCommand;
  /** The arguments whose values are known. */
  args: Located<string>[];
  script: string;
  caller: Caller;
  syntax: ArgSyntax | undefined;
}

/**
 * A spec gate built from the script's inputs (`health_domain=sys.argv[2]`,
 * `os.environ.get("HOST")`): filled from this run's arguments and environment,
 * it is a gate of the unit that runs the spec (the spec alone cannot know it).
 */
function addFilledSpecGates(graph: DeployGraph, run: ScriptRun, spec: SpecFact, bound: Located<number> | undefined): void {
  for (const g of spec.gates) {
    if (!g.from) continue;
    for (const value of fill(g, run.caller, run.syntax) ?? []) {
      const ep = endpoint(graph, { value: value.value, span: g.span });
      if (!ep) continue;
      graph.addEdge(run.unit.id, ep, 'gates-on', {
        span: g.span,
        explanation: `${run.unit.name} runs spec "${spec.name}", which gates on ${displayName(ep)} (${g.field ?? 'health gate'})${describeFilled(value)}`,
        phase: run.cmd.phase,
        gate: {
          boundSec: bound?.value ?? null,
          what: g.field ?? 'health gate',
          ...(bound ? { boundSource: `${bound.value} s at ${bound.span.file}:${bound.span.line}` } : {}),
        },
      });
    }
  }
}

function linkSpecs(graph: DeployGraph, run: ScriptRun, specs: SpecFact[], takesSpecArg: boolean, scriptTimeout: Located<number> | undefined): void {
  const { unit, cmd, args, script } = run;
  let matched = false;
  for (const arg of args) {
    for (const spec of specs.filter((s) => s.name === arg.value)) {
      matched = true;
      graph.addEdge(unit.id, specId(spec.file, spec.name), 'runs', {
        span: arg.span,
        explanation: `${unit.name} runs spec "${spec.name}"`,
        phase: cmd.phase,
      });
      addFilledSpecGates(graph, run, spec, spec.timeoutSec ?? scriptTimeout);
    }
  }
  const named = args.find((a) => !a.value.startsWith('-'));
  if (!matched && takesSpecArg && named) {
    graph.unresolved.push({ what: 'spec', name: named.value, span: named.span, from: unit.id, script, known: [...new Set(specs.map((s) => s.name))].sort() });
  }
}
