/**
 * Facts from one simple command (wrappers already removed): which program or
 * script it runs, `docker stack deploy`, `docker compose up`, `docker swarm init`,
 * `docker network create`, `systemctl start`. Waits are in probes.ts.
 */
import type { ScriptValue, ShellFacts } from '../../model/facts.js';
import type { SourceText, Span } from '../../model/span.js';
import { hasFlag, optionValue, optionValues, scanArgs, type OptionSpec } from './argv.js';
import { parseInteger } from './durations.js';
import { commandSpanOf, type CommandSpan } from './source-map.js';
import { isShell } from './wrappers.js';
import type { Word } from './word.js';
import { basename, located } from './word.js';

interface Interpreter {
  spec: OptionSpec;
  /** Options after which the code is given inline, so no script file runs. */
  inline?: readonly string[];
  /** A subcommand that comes before the script (`deno run x.ts`). */
  subcommand?: string;
}

const NODE: Interpreter = {
  spec: { short: 'rep', long: ['require', 'import', 'loader', 'experimental-loader', 'input-type', 'eval', 'print', 'conditions', 'title'] },
  inline: ['-e', '--eval', '-p', '--print'],
};

function interpreterFor(name: string): Interpreter | undefined {
  // `-m module` runs a module, not a file: no script path to report.
  if (name.startsWith('py') && /^(python|pypy)[0-9.]*$/.test(name)) return { spec: { short: 'cmWXQ', long: ['check-hash-based-pycs'] }, inline: ['-c', '-m'] };
  if (isShell(name)) return { spec: { short: 'oO', long: ['rcfile', 'init-file'] }, inline: ['-c'] };
  if (name === 'node' || name === 'nodejs' || name === 'tsx' || name === 'ts-node') return NODE;
  if (name === 'deno') return { spec: { long: ['config', 'import-map', 'lock', 'reload', 'allow-net', 'allow-read', 'allow-write', 'allow-env', 'allow-run'] }, subcommand: 'run' };
  if (name === 'bun') return { spec: {}, subcommand: 'run' };
  if (name === 'perl') return { spec: { short: 'eEIMm' }, inline: ['-e', '-E'] };
  if (name === 'ruby') return { spec: { short: 'eIrC' }, inline: ['-e'] };
  if (name === 'source' || name === '.') return { spec: {} };
  return undefined;
}

/** Tools whose meaning is read here or in probes.ts: running them by path is not running a deploy script. */
const KNOWN_TOOLS = new Set([
  'docker', 'docker-compose', 'systemctl', 'curl', 'wget', 'nc', 'ncat', 'netcat', 'pg_isready', 'ping',
  'sleep', 'true', 'false', 'echo', 'printf', 'test', '[', 'cat', 'mkdir', 'rm', 'cp', 'mv', 'ln', 'chmod', 'chown',
]);

/** Records what `argv` does. The command's span is made only for a command that may record something. */
export function recordCommandFacts(src: SourceText, argv: readonly Word[], span: CommandSpan, facts: ShellFacts): void {
  const head = argv[0];
  if (!head) return;
  const name = basename(head.value);
  if (name === 'docker') return docker(src, argv, commandSpanOf(span), facts);
  if (name === 'docker-compose') return compose(src, argv, 0, commandSpanOf(span), facts);
  if (name === 'systemctl') return systemctl(src, argv, commandSpanOf(span), facts);
  const interpreter = interpreterFor(name);
  if (interpreter) return interpreted(src, argv, interpreter, commandSpanOf(span), facts);
  if (head.value.includes('/') && !KNOWN_TOOLS.has(name)) {
    facts.invocations.push({ program: located(head), args: argv.slice(1).map(located), span: commandSpanOf(span) });
  }
}

function interpreted(src: SourceText, argv: readonly Word[], interp: Interpreter, span: Span, facts: ShellFacts): void {
  let from = 1;
  if (interp.subcommand && argv[1]?.value === interp.subcommand) from = 2;
  // Object.assign, not a spread adding a property (docs/architecture.md, "Speed").
  const args = scanArgs(src, argv, Object.assign({}, interp.spec, { stopAtPositional: true }), from);
  if (interp.inline && args.options.some((o) => interp.inline!.includes(o.name))) return;
  const program = args.positionals[0];
  if (!program || program.value === '-') return;
  facts.invocations.push({
    program: located(program),
    interpreter: basename(argv[0]!.value),
    args: args.positionals.slice(1).map(located),
    span,
  });
}

// ---- docker -------------------------------------------------------------------

const DOCKER_GLOBAL: OptionSpec = { short: 'cHl', long: ['config', 'context', 'host', 'log-level', 'tlscacert', 'tlscert', 'tlskey'], stopAtPositional: true };

function docker(src: SourceText, argv: readonly Word[], span: Span, facts: ShellFacts): void {
  const global = scanArgs(src, argv, DOCKER_GLOBAL);
  const at = global.stoppedAt ?? argv.length;
  const cmd = argv[at]?.value;
  const sub = argv[at + 1]?.value;
  if (cmd === 'compose') return compose(src, argv, at, span, facts);
  if (cmd === 'stack' && (sub === 'deploy' || sub === 'up')) return stackDeploy(src, argv, at + 2, span, facts);
  if (cmd === 'swarm' && sub === 'init') return swarmInit(src, argv, at + 2, span, facts);
  if (cmd === 'network' && sub === 'create') return networkCreate(src, argv, at + 2, span, facts);
}

function stackDeploy(src: SourceText, argv: readonly Word[], from: number, span: Span, facts: ShellFacts): void {
  const args = scanArgs(src, argv, { short: 'c', long: ['compose-file', 'resolve-image', 'orchestrator', 'namespace', 'kubeconfig'] }, from);
  const name = args.positionals[args.positionals.length - 1];
  facts.stackDeploys.push({
    tool: 'stack',
    files: optionValues(args, '-c', '--compose-file').map(located),
    ...(name ? { name: located(name) } : {}),
    span,
  });
}

const COMPOSE_GLOBAL: OptionSpec = {
  short: 'fp',
  long: ['file', 'project-name', 'project-directory', 'env-file', 'profile', 'ansi', 'parallel', 'progress'],
  stopAtPositional: true,
};

/** `docker compose [-f F]… [-p NAME] up`, `docker-compose … up`: `at` is the index of `compose`/`docker-compose`. */
function compose(src: SourceText, argv: readonly Word[], at: number, span: Span, facts: ShellFacts): void {
  const args = scanArgs(src, argv, COMPOSE_GLOBAL, at + 1);
  if (argv[args.stoppedAt ?? argv.length]?.value !== 'up') return;
  const name = optionValue(args, '-p', '--project-name');
  facts.stackDeploys.push({
    tool: 'compose',
    files: optionValues(args, '-f', '--file').map(located),
    ...(name ? { name: located(name) } : {}),
    span,
  });
}

function swarmInit(src: SourceText, argv: readonly Word[], from: number, span: Span, facts: ShellFacts): void {
  const args = scanArgs(src, argv, {
    long: [
      'advertise-addr', 'availability', 'cert-expiry', 'data-path-addr', 'data-path-port', 'default-addr-pool',
      'default-addr-pool-mask-length', 'dispatcher-heartbeat', 'external-ca', 'listen-addr', 'max-snapshots',
      'snapshot-interval', 'task-history-limit',
    ],
  }, from);
  const mask = optionValue(args, '--default-addr-pool-mask-length');
  const maskNumber = mask ? parseInteger(mask.value) : undefined;
  facts.swarmInits.push({
    span,
    defaultAddrPools: optionValues(args, '--default-addr-pool').map(located),
    ...(mask && maskNumber !== undefined ? { defaultAddrPoolMaskLength: { value: maskNumber, span: mask.span } } : {}),
  });
}

function networkCreate(src: SourceText, argv: readonly Word[], from: number, span: Span, facts: ShellFacts): void {
  const args = scanArgs(src, argv, {
    short: 'do',
    long: ['aux-address', 'config-from', 'driver', 'gateway', 'ip-range', 'ipam-driver', 'ipam-opt', 'label', 'opt', 'scope', 'subnet'],
  }, from);
  const name = args.positionals[0];
  const driver = optionValue(args, '-d', '--driver');
  facts.networkCreates.push({
    span,
    ...(name ? { name: located(name) } : {}),
    ...(driver ? { driver: located(driver) } : {}),
    subnets: optionValues(args, '--subnet').map(located),
    ingress: hasFlag(args, '--ingress'),
    attachable: hasFlag(args, '--attachable'),
  });
}

// ---- systemctl -------------------------------------------------------------------

export const SYSTEMCTL_OPTIONS: OptionSpec = {
  short: 'HMtpsnoP',
  long: [
    'host', 'machine', 'type', 'property', 'signal', 'job-mode', 'state', 'lines', 'output', 'root', 'what',
    'kill-whom', 'kill-value', 'timestamp', 'boot-loader-entry', 'reboot-argument', 'image', 'drop-in', 'when',
    'check-inhibitors', 'preset-mode', 'message', 'image-policy',
  ],
};

const UNIT_SUFFIX = /\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope)$/;

/** systemctl's own rule: a name without a unit suffix means `.service`. */
export function normaliseUnit(name: string): string {
  return UNIT_SUFFIX.test(name) ? name : `${name}.service`;
}

const STARTING_VERBS = new Set(['start', 'restart', 'reload-or-restart']);

function systemctl(src: SourceText, argv: readonly Word[], span: Span, facts: ShellFacts): void {
  const args = scanArgs(src, argv, SYSTEMCTL_OPTIONS);
  const verb = args.positionals[0]?.value;
  const starts = verb !== undefined && (STARTING_VERBS.has(verb) || ((verb === 'enable' || verb === 'reenable') && hasFlag(args, '--now')));
  if (!starts) return;
  const blocking = !hasFlag(args, '--no-block');
  const command = asWritten(src, argv);
  for (const unit of args.positionals.slice(1)) {
    facts.unitStarts.push({ unit: unitLocated(unit), blocking, span, command });
  }
}

/** A command's words as the file has them, on one line, at most 120 characters: what messages quote. */
function asWritten(src: SourceText, argv: readonly Word[]): string {
  const text = src.text.slice(argv[0]!.start, argv[argv.length - 1]!.end).replace(/\\\n/g, ' ').replace(/\s+/g, ' ');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

export function unitLocated(w: Word): ScriptValue {
  return { value: w.literal ? normaliseUnit(w.value) : w.value, span: w.span, ...(w.from ? { from: w.from } : {}) };
}
