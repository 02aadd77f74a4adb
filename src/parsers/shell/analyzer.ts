/**
 * The shell analyzer: bash scripts (files, Nix `script`/`preStart`/`postStart`)
 * and systemd command lines, into ShellFacts. Loading the grammar is async; every
 * analysis after that is synchronous, so adapters can call it in tight loops.
 */
import type { Parser, Tree } from 'web-tree-sitter';
import { copyTree, type BashNode as Node } from './syntax-tree.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import type { ArgSyntax, CaseGuard, ShellFacts, WaitGate } from '../../model/facts.js';
import { emptyShellFacts } from '../../model/facts.js';
import type { SourceText, Span } from '../../model/span.js';
import type { ShellEnv, VarValue } from './bash-words.js';
import { evalWord, OPAQUE } from './bash-words.js';
import { commandArgv, commandName, LOOP_TYPES } from './bash-tree.js';
import { recordCommandFacts } from './extract-commands.js';
import { probeOf } from './probes.js';
import { deriveSourceText, lazySpan, rangeSpan, commandSpanOf, type CommandSpan } from './source-map.js';
import type { ExecLineOptions } from './systemd-command-line.js';
import { parseExecLine } from './systemd-command-line.js';
import { syntaxErrorIn } from './syntax-errors.js';
import { createParser, loadGrammar } from './tree-sitter.js';
import { analyzeLoop } from './wait-loops.js';
import type { Word } from './word.js';
import { basename } from './word.js';
import { shellCommandString, unwrap } from './wrappers.js';
import { PARSE_ERROR } from '../../model/builtin-findings.js';

export interface ShellAnalysis {
  facts: ShellFacts;
  diagnostics: Diagnostic[];
}

export interface ScriptOptions {
  /**
   * Variables the script starts with (a unit's Environment=, NixOS `environment`):
   * used to resolve `$VAR` in endpoints and paths, and passed on to `sh -c`.
   */
  env?: Readonly<Record<string, string>>;
  /**
   * The text is a script file a caller runs with arguments: `$1`, `${1}`, `"$@"`
   * and getopts options are the caller's (facts.ts ScriptInput), not unknown.
   */
  arguments?: boolean;
}

export interface ExecLineAnalysisOptions extends ExecLineOptions, ScriptOptions {}

export interface ShellAnalyzer {
  /** A bash script body: a `.sh` file, or a Nix `script`/`preStart`/`postStart` text. */
  analyzeScript(src: SourceText, options?: ScriptOptions): ShellAnalysis;
  /**
   * A systemd `ExecStart=`-style command line (prefixes, systemd quoting,
   * specifiers). systemd's own `$VAR` references stay as written; `env` only
   * reaches the shell of an `sh -c '…'`.
   */
  analyzeExecLine(src: SourceText, options?: ExecLineAnalysisOptions): ShellAnalysis;
}

function initialEnv(options: ScriptOptions | undefined): ShellEnv {
  const env: ShellEnv = new Map();
  for (const [name, value] of Object.entries(options?.env ?? {})) env.set(name, { value, literal: true, exported: true });
  if (options?.arguments) bindPositional(env, { offset: 0, operands: false });
  return env;
}

/** Where `$1` points among the caller's arguments: after `offset` shifts, or among the operands once getopts has read the options. */
interface Positional {
  offset: number;
  operands: boolean;
}

/** `$1`…`$9` deeper than this are not read as the caller's (`${10}` and on stay unknown). */
const BOUND_POSITIONALS = 9;

/** Binds `$1`…, `$@` to the caller's arguments (or, with null, to nothing knowable). */
function bindPositional(env: ShellEnv, at: Positional | null): void {
  const operands = at?.operands ? { operands: true as const } : {};
  for (let k = 1; k <= BOUND_POSITIONALS; k++) {
    env.set(String(k), at ? { value: `$${k}`, literal: false, exported: false, from: [{ arg: k + at.offset, ...operands }] } : OPAQUE);
  }
  env.set('@', at ? { value: '$@', literal: false, exported: false, from: [{ eachArg: 1 + at.offset, ...operands }] } : OPAQUE);
}

/** Whether `$1` is bound here (a script run with arguments), so shifts and loops over `"$@"` matter. */
function positionalBound(env: ShellEnv): boolean {
  return env.get('@')?.from !== undefined;
}

/** getopts's option string (`"h:p:v"`): letters, each followed by `:` when it takes a value. */
function getoptsSyntax(spec: string): ArgSyntax | undefined {
  const letters = spec.replace(/^:/, '');
  if (!/^([A-Za-z0-9]:?)+$/.test(letters)) return undefined;
  const options: ArgSyntax['options'] = [];
  for (const m of letters.matchAll(/([A-Za-z0-9])(:?)/g)) options.push({ names: [`-${m[1]}`], key: `-${m[1]}`, takesValue: m[2] === ':' });
  return { style: 'getopts', options };
}

const SHIFT_TO_OPERANDS = /^\$\(\(\s*OPTIND\s*-\s*1\s*\)\)$/;

let shared: Promise<ShellAnalyzer> | undefined;
/** The analyzer with tree-sitter-bash, once loaded. */
let loaded: ShellAnalyzer | undefined;

/** Loads tree-sitter-bash once per process; the analyzer it returns is synchronous. */
export function loadShellAnalyzer(): Promise<ShellAnalyzer> {
  shared ??= loadGrammar('tree-sitter-bash').then((lang) => (loaded = analyzer(createParser(lang))));
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}

/** Thrown by a walker that has no bash parser when it meets a shell script (`sh -c '…'`). */
class NeedsBashParser extends Error {}

/** Command lines only: a walker without a parser, which gives up on the first shell script it meets. */
const withoutParser = analyzer(null);

/**
 * One systemd command line, loading tree-sitter-bash only when the line runs a
 * shell script (`sh -c '…'`): most unit files never need the grammar, whose
 * loading is a tenth of a small run (bench/README.md, "Start-up").
 */
export async function analyzeExecLine(src: SourceText, options?: ExecLineAnalysisOptions): Promise<ShellAnalysis> {
  return analyzeExecLineNow(src, options) ?? (await loadShellAnalyzer()).analyzeExecLine(src, options);
}

/**
 * analyzeExecLine() without waiting: undefined when the line needs
 * tree-sitter-bash and it is not loaded yet. A unit file's commands rarely
 * do, and a wait per command was a promise and a turn of the microtask queue.
 */
export function analyzeExecLineNow(src: SourceText, options?: ExecLineAnalysisOptions): ShellAnalysis | undefined {
  if (loaded) return loaded.analyzeExecLine(src, options);
  try {
    return withoutParser.analyzeExecLine(src, options);
  } catch (e) {
    if (!(e instanceof NeedsBashParser)) throw e;
    return undefined;
  }
}

function analyzer(parser: Parser | null): ShellAnalyzer {
  return {
    analyzeScript: (src, options) => run(src, (w) => w.script(src, initialEnv(options), undefined, 0)),
    analyzeExecLine: (src, options) => run(src, (w) => w.execLine(src, options ?? {}, initialEnv(options))),
  };
  function run(src: SourceText, f: (w: Walker) => void): ShellAnalysis {
    const out: ShellAnalysis = { facts: emptyShellFacts(), diagnostics: [] };
    try {
      f(new Walker(parser, out));
    } catch (e) {
      if (e instanceof NeedsBashParser) throw e;
      // Callers analyze many texts in a row: a bug of ours costs this text, not the run.
      const why = e instanceof Error ? e.message : String(e);
      out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', `internal error in the shell analyzer: ${why}`, rangeSpan(src, 0, 0)));
    }
    return { facts: dedupe(out.facts), diagnostics: out.diagnostics };
  }
}

/** `sh -c` inside `sh -c` inside …: deeper than this is not a deploy script. */
const MAX_NESTING = 8;
/** Function calls followed into function bodies (recursion stops here). */
const MAX_CALL_DEPTH = 4;

interface FunctionDef {
  body: Node;
  /** The variables known where the function was defined, for a body never called. */
  env: ShellEnv;
  called: boolean;
}

/**
 * What one script's walk collects for all its scopes, each made when first
 * needed: most scripts define no function, and a command line neither
 * defines one nor has a loop.
 */
interface ScriptState {
  /** Commands a loop already reports as its probes (no second, loop-less wait for them). */
  consumed?: Set<number>;
  /** Functions defined so far in this script. */
  functions?: Map<string, FunctionDef>;
}

interface Scope {
  src: SourceText;
  env: ShellEnv;
  /** Bound from an enclosing `timeout N sh -c '…'`. */
  capSec: number | undefined;
  depth: number;
  /** What the walk of this script collects, shared by all its scopes. */
  script: ScriptState;
  callDepth: number;
  /** Inside a `while getopts … VAR` loop: VAR, whose `case` items set `$OPTARG` to that option's value. */
  getopts?: string;
  /** Inside `case "$1" in start) …` branches: what the caller's input must match for what is read here to happen. */
  guards?: CaseGuard[];
}

function capped(bound: number | null, cap: number | undefined): number | null {
  if (cap === undefined) return bound;
  return bound === null ? cap : Math.min(bound, cap);
}

function minCap(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

class Walker {
  constructor(
    private readonly parser: Parser | null,
    private readonly out: ShellAnalysis,
  ) {}

  execLine(src: SourceText, options: ExecLineOptions, env: ShellEnv): void {
    const parsed = parseExecLine(src, options);
    if (parsed.diagnostics.length > 0) this.out.diagnostics.push(...parsed.diagnostics);
    const scope: Scope = { src, env, capSec: undefined, depth: 0, script: {}, callDepth: 0 };
    for (const cmd of parsed.commands) this.simpleCommand(cmd.argv, cmd.span, scope, false);
  }

  script(src: SourceText, env: ShellEnv, capSec: number | undefined, depth: number, nestedIn?: string): void {
    if (!this.parser) throw new NeedsBashParser();
    let tree: Tree | null = null;
    try {
      tree = this.parser.parse(src.text);
    } catch {
      tree = null;
    }
    if (!tree) {
      this.out.diagnostics.push(simpleDiagnostic(PARSE_ERROR, 'error', 'the shell parser gave up on this text', rangeSpan(src, 0, 0)));
      return;
    }
    try {
      const err = syntaxErrorIn(tree.rootNode, src, nestedIn);
      if (err) this.out.diagnostics.push(err);
      const scope: Scope = { src, env, capSec, depth, script: {}, callDepth: 0 };
      this.visit(copyTree(tree, src.text), scope);
      // A function nobody calls here may be sourced and called elsewhere: read it with its parameters unknown.
      for (const f of scope.script.functions?.values() ?? []) {
        if (f.called) continue;
        const env = new Map(f.env);
        if (positionalBound(env)) bindPositional(env, null); // its `$1` is its own caller's, unknown here
        this.children(f.body, { ...scope, env });
      }
    } finally {
      tree.delete();
    }
  }

  private visit(node: Node, scope: Scope): void {
    switch (node.type) {
      case 'variable_assignment':
        this.assign(node, scope, false);
        return;
      case 'declaration_command':
        this.declare(node, scope);
        return;
      case 'command':
        this.command(node, scope);
        return;
      case 'function_definition': {
        const name = node.childForFieldName('name');
        const body = node.childForFieldName('body');
        // Read at each call, where its parameters are known.
        if (name && body) (scope.script.functions ??= new Map()).set(name.text, { body, env: new Map(scope.env), called: false });
        return;
      }
      case 'subshell':
      case 'command_substitution':
        // Their assignments do not reach the code that follows.
        this.children(node, { ...scope, env: new Map(scope.env) });
        return;
      case 'heredoc_body':
        return;
      case 'case_statement':
        if (scope.getopts && this.getoptsCase(node, scope)) return;
        if (this.inputCase(node, scope)) return;
        break;
    }
    if (LOOP_TYPES.has(node.type)) return this.loop(node, scope);
    this.children(node, scope);
  }

  private children(node: Node, scope: Scope): void {
    const kids = node.namedChildren;
    for (let i = 0; i < kids.length; i++) this.visit(kids[i]!, scope);
  }

  private assign(node: Node, scope: Scope, exported: boolean): void {
    const name = node.childForFieldName('name');
    const value = node.childForFieldName('value');
    if (value) this.children(value, scope);
    if (!name || name.type !== 'variable_name') return;
    if (node.children.some((c) => c?.type === '+=')) {
      scope.env.set(name.text, OPAQUE);
      return;
    }
    const w = value ? evalWord(value, scope.src, scope.env) : undefined;
    const prev = scope.env.get(name.text);
    let from = w?.from;
    // `HOST=$OPTARG` under getopts: the option's value, or what HOST held before when the option is not given.
    const only = from?.length === 1 ? from[0] : undefined;
    if (typeof only === 'object' && 'option' in only && prev?.literal && !prev.opaque) from = [{ ...only, absent: prev.value }];
    scope.env.set(name.text, {
      value: w?.value ?? '',
      literal: w?.literal ?? true,
      exported: exported || (prev?.exported ?? false),
      ...(from ? { from } : {}),
    });
  }

  private declare(node: Node, scope: Scope): void {
    const keyword = node.child(0)?.type;
    const exported = keyword === 'export' || node.namedChildren.some((c) => c?.type === 'word' && /^-\w*x/.test(c.text));
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'variable_assignment') this.assign(c, scope, exported);
      else if (c.type === 'variable_name' && exported) {
        const v = scope.env.get(c.text);
        if (v) v.exported = true;
      } else this.visit(c, scope);
    }
  }

  private command(node: Node, scope: Scope): void {
    for (const c of node.namedChildren) {
      if (!c) continue;
      // `FOO=bar cmd` sets FOO for cmd only; its value may still hold a $(…).
      if (c.type === 'variable_assignment') {
        const v = c.childForFieldName('value');
        if (v) this.children(v, scope);
      } else this.children(c, scope);
    }
    const argv = commandArgv(node, scope.src, scope.env);
    const name = basename(argv[0]?.value ?? '');
    if (name === 'unset' || name === 'read' || name === 'mapfile' || name === 'readarray') {
      for (const w of argv.slice(1)) if (!w.value.startsWith('-')) scope.env.set(w.value, OPAQUE);
    }
    // Variables set by commands this reader does not follow: not the caller's.
    if (name === 'getopts' && argv[2]) scope.env.set(argv[2].value, OPAQUE);
    if (name === 'printf' && argv[1]?.value === '-v' && argv[2]) scope.env.set(argv[2].value, OPAQUE);
    if ((name === 'shift' || (name === 'set' && argv[1]?.value === '--')) && positionalBound(scope.env)) this.shift(node, argv, scope);
    this.simpleCommand(argv, lazySpan(scope.src, node.startIndex, node.endIndex), scope, scope.script.consumed?.has(node.id) === true);
    const fn = argv[0]?.literal ? scope.script.functions?.get(argv[0].value) : undefined;
    if (fn) this.call(fn, argv.slice(1), scope);
  }

  /** Follows a call into the function body with `$1`, `$2`, … bound to the call's words. */
  private call(fn: FunctionDef, args: Word[], scope: Scope): void {
    fn.called = true;
    if (scope.callDepth >= MAX_CALL_DEPTH) return;
    const env: ShellEnv = new Map([...scope.env].filter(([k]) => !/^\d+$/.test(k)));
    if (env.has('@')) env.set('@', OPAQUE);
    for (const [i, w] of args.entries()) {
      const spread = w.from?.length === 1 ? w.from[0] : undefined;
      if (typeof spread === 'object' && 'eachArg' in spread) {
        // `f "$@"`: the function's $1… are the caller's from there on; words after it land at unknown places.
        const operands = spread.operands ? { operands: true as const } : {};
        for (let k = i + 1; k <= BOUND_POSITIONALS; k++) env.set(String(k), { value: `$${k}`, literal: false, exported: false, from: [{ arg: spread.eachArg + k - i - 1, ...operands }] });
        if (i === 0) env.set('@', { value: '$@', literal: false, exported: false, from: [spread] });
        break;
      }
      env.set(String(i + 1), { value: w.value, literal: w.literal, exported: false, ...(w.from ? { from: w.from } : {}) });
    }
    this.children(fn.body, { ...scope, env, callDepth: scope.callDepth + 1 });
  }

  /** One command, from bash or from a systemd command line. */
  private simpleCommand(argv: readonly Word[], span: CommandSpan, scope: Scope, consumed: boolean): void {
    const u = unwrap(scope.src, argv);
    const script = shellCommandString(scope.src, u.argv);
    if (script) {
      if (scope.depth >= MAX_NESTING) return;
      const inner = deriveSourceText(scope.src, script.value, script.offsets, script.ends);
      const env: ShellEnv = new Map([...scope.env].filter(([, v]) => v.exported));
      this.script(inner, env, minCap(scope.capSec, u.timeoutSec), scope.depth + 1, basename(u.argv[0]?.value ?? 'sh'));
      return;
    }
    this.guarded(scope, () => recordCommandFacts(scope.src, u.argv, span, this.out.facts));
    if (consumed) return;
    const probe = probeOf(scope.src, u.argv, span, u.timeoutSec);
    if (probe?.ownWait) this.wait({ endpoint: probe.endpoint, tool: probe.tool, boundSec: capped(probe.ownWait.boundSec, scope.capSec), span: commandSpanOf(span) }, scope);
  }

  /** Runs `record` and marks the invocations, deploys and starts it adds with the scope's case guards. */
  private guarded(scope: Scope, record: () => void): void {
    const f = this.out.facts;
    if (!scope.guards?.length) return record();
    const lists = [f.invocations, f.stackDeploys, f.unitStarts];
    const before = lists.map((l) => l.length);
    record();
    lists.forEach((l, i) => {
      for (let k = before[i]!; k < l.length; k++) l[k]!.when = scope.guards;
    });
  }

  /**
   * \`case "$1" in start) … ;; stop) … ;; esac\` on a caller's input: what each branch
   * does happens only for the values its patterns match, so a unit running
   * \`script start\` does not get the waits of \`stop)\`. Branches that fall through
   * (\`;&\`, \`;;&\`) or patterns that are not plain globs are read unguarded.
   */
  private inputCase(node: Node, scope: Scope): boolean {
    const value = node.childForFieldName('value');
    const word = value ? evalWord(value, scope.src, scope.env) : undefined;
    const input = word?.from?.length === 1 ? word.from[0] : undefined;
    if (typeof input !== 'object' || 'eachArg' in input) return false;
    const items = node.namedChildren.filter((c): c is Node => c?.type === 'case_item');
    if (items.some((i) => i.children.some((c) => c?.type === ';&' || c?.type === ';;&'))) return false;
    const patternsOf = (item: Node): string[] | undefined => {
      const out: string[] = [];
      for (const v of item.childrenForFieldName('value')) {
        if (!v) return undefined;
        const text = v.type === 'string' || v.type === 'raw_string' ? evalWord(v, scope.src, scope.env) : undefined;
        if (text && !text.literal) return undefined;
        const p = text ? text.value : v.text;
        if (!text && !/^[\w.*?@:,+\/-]+$/.test(p)) return undefined; // extglob, escapes, expansions: not read
        out.push(text ? p.replace(/[*?[\]\\]/g, '\\$&') : p);
      }
      return out;
    };
    const all: string[][] = [];
    for (const item of items) {
      const p = patternsOf(item);
      if (!p) return false;
      all.push(p);
    }
    items.forEach((item, i) => {
      const patterns = all[i]!;
      // `*)`: reached when no earlier branch matched.
      const guard: CaseGuard = patterns.includes('*') ? { input, patterns: all.slice(0, i).flat(), otherwise: true } : { input, patterns };
      this.children(item, { ...scope, guards: [...(scope.guards ?? []), guard] });
    });
    return true;
  }

  private loop(node: Node, scope: Scope): void {
    // A shift inside a loop moves `$1` a number of times nobody can know (hand-written option parsing).
    if (positionalBound(scope.env) && containsCommand(node, 'shift')) bindPositional(scope.env, null);
    // The loop variable takes a new value each time round: nothing static to know, unless it is
    // each of the caller's arguments (`for h in "$@"`, `for h; do`).
    const variable = node.type === 'for_statement' ? node.childForFieldName('variable') : null;
    if (variable) scope.env.set(variable.text, this.eachArgument(node, scope) ?? OPAQUE);
    const a = analyzeLoop(node, scope.src, scope.env);
    const span = lazySpan(scope.src, node.startIndex, node.endIndex);
    for (const g of a.gating) {
      (scope.script.consumed ??= new Set()).add(g.node.id);
      this.wait({ endpoint: g.probe.endpoint, tool: g.probe.tool, boundSec: capped(a.boundSec, scope.capSec), span: span() }, scope);
    }
    const getopts = this.getoptsLoop(node, scope);
    this.children(node, getopts ? { ...scope, getopts } : scope);
    if (variable) scope.env.set(variable.text, OPAQUE);
  }

  /** `for h in "$@"` / `for h; do`: the variable is each of the caller's arguments. */
  private eachArgument(node: Node, scope: Scope): VarValue | undefined {
    const values = node.childrenForFieldName('value').filter((c): c is Node => c !== null);
    const all = scope.env.get('@');
    if (!all?.from) return undefined;
    const overAll = values.length === 0 || (values.length === 1 && /^"?\$(@|\{@\})"?$/.test(values[0]!.text));
    return overAll ? { value: '$@', literal: false, exported: false, from: all.from } : undefined;
  }

  /** `while getopts "h:p:" opt`: records the script's option syntax; returns the variable its case reads. */
  private getoptsLoop(node: Node, scope: Scope): string | undefined {
    if (node.type !== 'while_statement' || !positionalBound(scope.env)) return undefined;
    const cond = node.childrenForFieldName('condition').find((c) => c?.type === 'command');
    if (!cond || commandName(cond) !== 'getopts') return undefined;
    const argv = commandArgv(cond, scope.src, scope.env);
    const syntax = argv[1]?.literal && argv[2]?.literal ? getoptsSyntax(argv[1].value) : undefined;
    if (!syntax) return undefined;
    this.out.facts.argSyntax = syntax;
    return argv[2]!.value;
  }

  /** `case $opt in h) HOST=$OPTARG ;; …`: in each option's item, `$OPTARG` is that option's value. */
  private getoptsCase(node: Node, scope: Scope): boolean {
    const value = node.childForFieldName('value');
    if (!value || value.text.replace(/"/g, '').replace(/^\$\{?|\}$/g, '') !== scope.getopts) return false;
    for (const item of node.namedChildren) {
      if (item?.type !== 'case_item') continue;
      const letters = item.childrenForFieldName('value').map((v) => v?.text ?? '');
      const env: ShellEnv = scope.env;
      const before = env.get('OPTARG');
      if (letters.length === 1 && /^[A-Za-z0-9]$/.test(letters[0]!)) {
        env.set('OPTARG', { value: '$OPTARG', literal: false, exported: false, from: [{ option: `-${letters[0]}` }] });
      } else env.set('OPTARG', OPAQUE);
      this.children(item, { ...scope, getopts: undefined });
      if (before) env.set('OPTARG', before);
      else env.delete('OPTARG');
    }
    return true;
  }

  /**
   * `shift [N]`, `set -- …`: at the script's top level a literal shift moves `$1`
   * along the caller's arguments, `shift $((OPTIND-1))` after getopts makes them the
   * operands; anywhere else (a branch, a function, a loop) nobody knows where `$1` is.
   */
  private shift(node: Node, argv: readonly Word[], scope: Scope): void {
    const topLevel = node.parent?.type === 'program' && scope.callDepth === 0;
    const at = scope.env.get('1')?.from?.[0];
    const current = at && typeof at === 'object' && 'arg' in at ? { offset: at.arg - 1, operands: at.operands === true } : null;
    const n = argv[1] === undefined ? 1 : argv[1].literal && /^\d+$/.test(argv[1].value) ? Number(argv[1].value) : undefined;
    if (argv[0]!.value === 'shift' && topLevel && current) {
      if (argv.length <= 2 && n !== undefined) return bindPositional(scope.env, { offset: current.offset + n, operands: current.operands });
      if (argv.length === 2 && SHIFT_TO_OPERANDS.test(argv[1]!.value) && this.out.facts.argSyntax) return bindPositional(scope.env, { offset: 0, operands: true });
    }
    bindPositional(scope.env, null);
  }

  /** Records a wait, with the scope's case guards last (as the facts' JSON has them). */
  private wait(w: WaitGate, scope: Scope): void {
    if (scope.guards?.length) w.when = scope.guards;
    this.out.facts.waits.push(w);
  }
}

/** Whether a `name` command runs anywhere inside `node`. */
function containsCommand(node: Node, name: string): boolean {
  return node.descendantsOfType('command').some((c) => c !== null && commandName(c) === name);
}

/** A function called twice reports its commands twice, at the same place: keep one of each. */
const NO_FACTS: never[] = Object.freeze([]) as unknown as never[];

function dedupe(facts: ShellFacts): ShellFacts {
  const uniq = <T>(xs: T[]): T[] => {
    // Most lists of most command lines are empty: one shared, frozen list (the facts are only read from here on).
    if (xs.length === 0) return NO_FACTS as T[];
    // One fact cannot repeat (no Set, no JSON per fact).
    if (xs.length === 1) return xs;
    const seen = new Set<string>();
    return xs.filter((x) => {
      const key = JSON.stringify(x);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
  const out: ShellFacts = {
    invocations: uniq(facts.invocations),
    stackDeploys: uniq(facts.stackDeploys),
    swarmInits: uniq(facts.swarmInits),
    networkCreates: uniq(facts.networkCreates),
    unitStarts: uniq(facts.unitStarts),
    waits: uniq(facts.waits),
  };
  // Set after, not spread in: a spread is a runtime call per analysis, in code that runs interpreted.
  if (facts.argSyntax) out.argSyntax = facts.argSyntax;
  return out;
}
