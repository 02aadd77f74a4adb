/**
 * Facts: what the parsers read out of files, in one vocabulary for every format.
 * Parsers produce facts and nothing else; the graph builder merges them. A fact
 * never refers to a rule.
 */
import type { TextEdit } from './diagnostic.js';
import type { Located, SourceText, Span } from './span.js';

export const UNIT_TYPES = [
  'service', 'socket', 'timer', 'target', 'path', 'mount', 'automount', 'slice', 'swap', 'device', 'scope',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/** One `Key=value` assignment, wherever it came from: a unit file, a drop-in, a Nix option. */
export interface UnitEntry {
  section: string;
  key: string;
  /** The value after continuation joining and outer whitespace trimming; '' resets a list. */
  value: SourceText;
  /** The whole assignment (for "remove this line" edits and suppressions). */
  span: Span;
  /**
   * The value is a shell script body (Nix `script`/`preStart`/`postStart`), not a
   * systemd command line with prefixes, its own quoting and specifiers.
   */
  shellScript?: boolean;
  /** Shell facts for Exec* entries, filled by the adapter that read them. */
  shell?: ShellFacts;
  /** The edit that deletes this assignment, when the format needs more than deleting its lines (a Nix list element). */
  removal?: TextEdit;
  /**
   * For EnvironmentFile=: the variables of the repository file it names, each
   * with the span of its line; absent when the file is not in the repository.
   */
  environmentFile?: { file: string; vars: Record<string, Located<string>> };
}

/** A unit declared in the repo: a unit file, a NixOS `systemd.<kind>s.<name>`, or a stock unit. */
export interface UnitFact {
  kind: 'unit';
  name: string;
  /** Where the unit is declared: the file's first line, or the Nix attribute name. */
  span: Span;
  origin: 'unit-file' | 'nix' | 'catalog';
  entries: UnitEntry[];
  host?: string;
  /** The manager that loads it when not the system's: user units (`systemd/user/`), initrd units (dracut modules). */
  manager?: 'user' | 'initrd';
  /**
   * The repository does not hold all of it: some options could not be known
   * (Nix unknowns were left out), or it only adds settings to a unit defined
   * outside the repository. Rules must not conclude from what it lacks.
   */
  uncertain?: boolean;
  /**
   * What could not be known of it, by directive: `Section.Key` (an option left
   * out as unknown) or `Section.*` (a whole settings set). The rest is known:
   * rules that conclude from a missing directive skip only when it is listed
   * (see mayLack in graph/model.ts).
   */
  unknown?: string[];
}

/**
 * A drop-in: `NAME.d/*.conf`. `target` is the unit name (`a.service`, `a@.service`),
 * a prefix drop-in (`a-.service`), or a type-level one (`service`).
 */
export interface DropInFact {
  kind: 'dropin';
  target: string;
  /** Drop-in file name, for lexical ordering across directories. */
  name: string;
  span: Span;
  entries: UnitEntry[];
  host?: string;
  /** The manager that loads it when not the system's: user units (`systemd/user/`), initrd units (dracut modules). */
  manager?: 'user' | 'initrd';
}

/** `target.wants/unit` symlinks and NixOS `wantedBy`: the enable state a repo declares. */
export interface UnitLinkFact {
  kind: 'unit-link';
  from: string;
  to: string;
  edge: 'wants' | 'requires' | 'upholds' | 'alias';
  span: Span;
  host?: string;
  /** The manager that loads it when not the system's: user units (`systemd/user/`), initrd units (dracut modules). */
  manager?: 'user' | 'initrd';
}

/** A script or program the repo ships and that units may call. */
export interface ShellScriptFact {
  kind: 'shell-script';
  file: string;
  span: Span;
  shell: ShellFacts;
  host?: string;
}

// ---- shell ---------------------------------------------------------------

/**
 * What a script's caller gives it, that a value in the script is built from
 * (docs/architecture.md, "The pipeline", step 4): the
 * graph builder fills it in from the command line and environment of the unit
 * (or script) that runs the script. `absent` is the value when the caller gives
 * none (a `${1:-x}` default, an option's default), when that is knowable.
 */
export type ScriptInput =
  /** `$1`, `${1}`, `sys.argv[1]`; with `operands`, the n-th argument left once the options are read (getopts then `shift $((OPTIND-1))`, an argparse positional). */
  | { arg: number; operands?: true; absent?: string }
  /** Each argument from the n-th on: `for h in "$@"`, `"$@"` passed on. */
  | { eachArg: number; operands?: true }
  /** The value of an option (`getopts h:` → `$OPTARG` under `h)`, argparse `--host`), by its key in the script's ArgSyntax. */
  | { option: string; absent?: string }
  /** `$NAME` the script does not set, `os.environ["NAME"]`: the unit's Environment=/EnvironmentFile=. `split`: unquoted in a systemd command line (whitespace makes several words). */
  | { env: string; absent?: string; split?: true };

/** Literal text and inputs, in order. */
export type ValuePart = string | ScriptInput;

/** A value as written, and, when it is built from literal text and what the caller gives only, how (`from`). */
export interface ScriptValue extends Located<string> {
  from?: ValuePart[];
}

/**
 * A fact inside a `case "$1" in start) … ;;` branch holds only when the caller's
 * input matches one of the branch's glob `patterns` (with `otherwise`, the `*)`
 * branch: none of the other branches' patterns).
 */
export interface CaseGuard {
  input: ScriptInput;
  patterns: string[];
  otherwise?: true;
}

/** A shell fact read inside case branches on the caller's input: it holds only where every guard does. */
export interface Guarded {
  when?: CaseGuard[];
}

/** How a script reads its options (getopts, argparse), to find an option's value and the operands in a caller's arguments. */
export interface ArgSyntax {
  style: 'getopts' | 'argparse';
  /** Each option by every name it has (`-h`, `--host`) and the key the script's values use. */
  options: { names: string[]; key: string; takesValue: boolean }[];
}

/** What a piece of shell does that matters to the deploy graph. */
export interface ShellFacts {
  invocations: ScriptInvocation[];
  stackDeploys: StackDeploy[];
  swarmInits: SwarmInit[];
  networkCreates: NetworkCreate[];
  unitStarts: UnitStart[];
  waits: WaitGate[];
  /** The script's option syntax (a `getopts` loop), when it has one. */
  argSyntax?: ArgSyntax;
}

/** A command that runs a program: `python3 …/warm_reconcile.py traefik`, `./deploy.sh`. */
export interface ScriptInvocation extends Guarded {
  /** The program or script path as written (the interpreter's first argument when there is one). */
  program: ScriptValue;
  interpreter?: string;
  args: ScriptValue[];
  span: Span;
}

export interface StackDeploy extends Guarded {
  tool: 'stack' | 'compose';
  files: ScriptValue[];
  name?: Located<string>;
  span: Span;
}

export interface SwarmInit {
  span: Span;
  defaultAddrPools: Located<string>[];
  defaultAddrPoolMaskLength?: Located<number>;
}

export interface NetworkCreate {
  span: Span;
  name?: Located<string>;
  driver?: Located<string>;
  subnets: Located<string>[];
  ingress: boolean;
  attachable: boolean;
}

/** `systemctl start|restart UNIT`: blocks until UNIT's start job finishes unless `--no-block`. */
export interface UnitStart extends Guarded {
  unit: ScriptValue;
  blocking: boolean;
  span: Span;
  /** The systemctl command as written (`systemctl enable --now x.service`), blanks and line continuations folded. */
  command: string;
}

/** A loop or command that waits until an endpoint answers. */
export interface WaitGate extends Guarded {
  /** URL, host, or host:port as written (after variable expansion where known). */
  endpoint: ScriptValue;
  /** curl, wget, nc, pg_isready, wait-for-it, docker, … */
  tool: string;
  /** Upper bound of the wait in seconds; null when unbounded. */
  boundSec: number | null;
  span: Span;
}

export function emptyShellFacts(): ShellFacts {
  return { invocations: [], stackDeploys: [], swarmInits: [], networkCreates: [], unitStarts: [], waits: [] };
}

// ---- reconcile specs ------------------------------------------------------

/** One reconcile spec: a record in a deploy script's table, or a YAML/JSON/TOML spec file. */
export interface SpecFact {
  kind: 'spec';
  name: string;
  /** The file the spec is defined in (a reconcile script or a spec file). */
  file: string;
  span: Span;
  gates: SpecGate[];
  serves: Located<string>[];
  stacks: Located<string>[];
  timeoutSec?: Located<number>;
  order: Located<string>[];
  host?: string;
}

/** An endpoint a spec waits for, and the field that says so (`health_domain`). */
export interface SpecGate extends ScriptValue {
  field?: string;
}

/** A reconcile script: the program that units invoke with a spec name. */
export interface SpecScriptFact {
  kind: 'spec-script';
  file: string;
  span: Span;
  /** Where the script reads the spec name (sys.argv[1], an argparse argument); undefined if it takes none. */
  specArg?: Span;
  /** The gate function's literal default timeout, used when a spec has none of its own. */
  defaultGateTimeoutSec?: Located<number>;
  /** Its argparse options, for gates built from them. */
  argSyntax?: ArgSyntax;
  host?: string;
}

// ---- stacks ----------------------------------------------------------------

export interface StackFact {
  kind: 'stack';
  file: string;
  span: Span;
  services: StackService[];
  networks: StackNetwork[];
  /**
   * Where the file uses what only `docker stack deploy` reads (a service's
   * `deploy.labels`, `placement`, `mode`, `update_config`, …): it is a swarm
   * stack, whatever deploys it.
   */
  swarmOnly?: Span;
  host?: string;
}

export interface StackService {
  name: string;
  span: Span;
  image?: Located<string>;
  /** Hosts this service answers for (traefik Host() rules, published endpoints). */
  serves: Located<string>[];
  /**
   * Host patterns it answers for that are not one literal name: traefik
   * `HostRegexp`, hosts built from `${VARIABLES}`. Never matched as a host.
   */
  servePatterns?: Located<string>[];
  /** Reverse proxy it runs, recognised from its image. */
  proxy?: 'traefik' | 'nginx' | 'caddy' | 'haproxy';
  ports: Located<string>[];
  networks: Located<string>[];
  dependsOn: Located<string>[];
  healthcheck?: Span;
}

export interface StackNetwork {
  name: string;
  span: Span;
  driver?: Located<string>;
  subnets: Located<string>[];
  external: boolean;
  /** The name docker knows the network by when it differs from the key (`name:`, `external: {name: …}`). */
  dockerName?: Located<string>;
}

// ---- NixOS-only facts ---------------------------------------------------------

/** An endpoint a unit serves that no stack declares (nginx/caddy virtual hosts in Nix). */
export interface ServesFact {
  kind: 'serves';
  unit: string;
  endpoint: Located<string>;
  via: string;
  host?: string;
}

/** An address range the host itself uses: interface addresses, routes, VPN ranges, docker's own pools. */
export interface AddressRangeFact {
  kind: 'address-range';
  cidr: Located<string>;
  role: 'interface' | 'route' | 'gateway' | 'vpn' | 'docker-bip' | 'docker-pool';
  /** Interface or option it came from, for messages. */
  label: string;
  host?: string;
}

/**
 * A repository file or folder as Nix copies it to the store (`"${./x.py}"` is
 * `/nix/store/<hash>-x.py`): command lines name it so, and the graph maps
 * them back to the repository file.
 */
export interface StorePathFact {
  kind: 'store-path';
  storePath: string;
  /** The repository path (relative, as discovered files are). */
  path: string;
}

/** A host (NixOS configuration) declared by the repo. */
export interface HostFact {
  kind: 'host';
  name: string;
  span: Span;
  /**
   * Not a host: a module file no host imports, evaluated on its own (named by
   * its path). Its graph is partial: what it refers to may be defined by the
   * configuration that would import it, so nothing is concluded from absence.
   */
  alone?: boolean;
}

export type Fact =
  | UnitFact
  | DropInFact
  | UnitLinkFact
  | ShellScriptFact
  | SpecFact
  | SpecScriptFact
  | StackFact
  | ServesFact
  | AddressRangeFact
  | HostFact
  | StorePathFact;
