/**
 * Values flow into the scripts a unit calls (docs/architecture.md, "The
 * pipeline", step 4): a script's parser records a value built from what its
 * caller gives (facts.ts ScriptInput: `$1`, `"$@"`, a getopts or argparse
 * option, `$NAME` from the environment); here, when a unit (or a script it
 * runs) invokes that script, the invocation's arguments and the unit's
 * Environment=/EnvironmentFile= fill it in. A value that stays unknown is
 * dropped, never guessed.
 */
import type { ArgSyntax, CaseGuard, ScriptInput, ScriptValue, UnitEntry } from '../../model/facts.js';
import type { Span } from '../../model/span.js';
import { splitWords } from '../../systemd/words.js';
import type { UnitNode } from '../model.js';

/** A value the caller gives, where it is written, and what it fills (`$1`, `$HOST`), for the explanation. */
export interface Given {
  value: string;
  span: Span;
}

/** What a script is run with: its arguments (null: not knowable) and the environment it inherits. */
export interface Caller {
  /** Each argument, null where it is unknown; the whole list null when not even its length is known. */
  args: (Given | null)[] | null;
  env: Environment;
}

/** What a script's `$NAME` reads. */
export interface Environment {
  get(name: string): Given | undefined;
}

/** A filled value, and the inputs it took (for the explanation: which line the value came from). */
export interface Filled {
  value: string;
  via: { input: string; given: Given }[];
}

/** Values one fact can take (a `"$@"` loop gives one per argument) beyond this are not followed. */
const MAX_VALUES = 16;

/** The unit's environment, read on the first lookup: most commands' scripts read no variable of it. */
export function lazyUnitEnvironment(unit: UnitNode): Environment {
  let env: Map<string, Given> | undefined;
  return { get: (name) => (env ??= unitEnvironment(unit)).get(name) };
}

/** The unit's environment: Environment= entries, then EnvironmentFile= files read from the repository (which override). */
function unitEnvironment(unit: UnitNode): Map<string, Given> {
  const env = new Map<string, Given>();
  const entries: UnitEntry[] = [...(unit.directives.get('Service.Environment') ?? []), ...(unit.directives.get('Service.EnvironmentFile') ?? [])];
  for (const e of entries.sort((a, b) => Number(a.key === 'EnvironmentFile') - Number(b.key === 'EnvironmentFile'))) {
    if (e.value.text.trim() === '') {
      env.clear(); // an empty assignment resets the list
      continue;
    }
    if (e.key === 'Environment') {
      for (const w of splitWords(e.value)) {
        const eq = w.value.indexOf('=');
        if (eq > 0) env.set(w.value.slice(0, eq), { value: w.value.slice(eq + 1), span: w.span });
      }
    } else if (e.environmentFile) {
      for (const [name, v] of Object.entries(e.environmentFile.vars)) env.set(name, { value: v.value, span: v.span });
    }
  }
  return env;
}

/** The caller's arguments as one invocation gives them: each filled in the calling context, `"$@"` spread. */
export function invocationArgs(args: readonly ScriptValue[], caller: Caller, syntax: ArgSyntax | undefined): (Given | null)[] | null {
  const out: (Given | null)[] = [];
  for (const a of args) {
    const only = a.from?.length === 1 ? a.from[0] : undefined;
    if (typeof only === 'object' && 'eachArg' in only) {
      // `"$@"` passed on: every argument of the caller from there on (unknown count: unknown list).
      const spread = argumentsFrom(caller, only, syntax);
      if (!spread) return null;
      out.push(...spread);
      continue;
    }
    const filled = fill(a, caller, syntax);
    out.push(filled?.length === 1 ? { value: filled[0]!.value, span: filled[0]!.via[0]?.given.span ?? a.span } : null);
  }
  return out;
}

/**
 * The values `v` takes for this caller, or null when one of its inputs is not
 * known. A literal value is itself; a value still holding a `$` without a
 * recipe is unknown.
 */
export function fill(v: ScriptValue, caller: Caller, syntax: ArgSyntax | undefined): Filled[] | null {
  if (!v.from) return v.value.includes('$') ? null : [{ value: v.value, via: [] }];
  let out: Filled[] = [{ value: '', via: [] }];
  for (const part of v.from) {
    if (typeof part === 'string') {
      out = out.map((f) => ({ ...f, value: f.value + part }));
      continue;
    }
    const options = inputValues(part, caller, syntax);
    if (!options || options.length === 0) return null;
    const next: Filled[] = [];
    for (const f of out) {
      for (const o of options) {
        next.push({ value: f.value + o.value, via: o.input ? [...f.via, { input: o.input, given: o.given! }] : f.via });
        if (next.length > MAX_VALUES) return null;
      }
    }
    out = next;
  }
  return out;
}

interface InputValue {
  value: string;
  /** What was filled (`$1`), with the given value; absent for a default. */
  input?: string;
  given?: Given;
}

function inputValues(part: ScriptInput, caller: Caller, syntax: ArgSyntax | undefined): InputValue[] | null {
  if ('env' in part) {
    const g = caller.env.get(part.env);
    if (g) return part.split && /\s/.test(g.value) ? null : [{ value: g.value, input: `$${part.env}`, given: g }];
    return part.absent !== undefined ? [{ value: part.absent }] : null;
  }
  if ('eachArg' in part) {
    const all = argumentsFrom(caller, part, syntax);
    return all && all.every((g) => g !== null) ? all.map((g, i) => ({ value: g!.value, input: `$${part.eachArg + i}`, given: g! })) : null;
  }
  const read = readArguments(caller.args, syntax);
  if ('option' in part) {
    const g = read.options.get(part.option);
    if (g) return [{ value: g.value, input: part.option, given: g }];
    // Not given: the script's default, when every argument could be read.
    return g === undefined && read.complete && part.absent !== undefined ? [{ value: part.absent }] : null;
  }
  const list = part.operands ? read.operands : caller.args;
  if (!list) return null;
  const g = list[part.arg - 1];
  if (g) return [{ value: g.value, input: `$${part.arg}`, given: g }];
  if (g === undefined && part.absent !== undefined && (part.operands ? read.complete : true)) return [{ value: part.absent }];
  return null;
}

function argumentsFrom(caller: Caller, part: { eachArg: number; operands?: true }, syntax: ArgSyntax | undefined): (Given | null)[] | null {
  const list = part.operands ? readArguments(caller.args, syntax).operands : caller.args;
  return list ? list.slice(part.eachArg - 1) : null;
}

interface ReadArguments {
  /** Option key → its value (null: given, value unknown). */
  options: Map<string, Given | null>;
  /** What is left once the options are read; null when that is not knowable. */
  operands: (Given | null)[] | null;
  /** Every argument was read: an option not found was not given. */
  complete: boolean;
}

/**
 * Reads a caller's arguments with the script's option syntax: getopts stops at
 * the first operand or `--` (letters may be grouped, a value may be attached);
 * argparse takes options anywhere (`--name=value` too). An unknown argument
 * stops the reading: where it is an option or an operand is not knowable.
 */
function readArguments(args: (Given | null)[] | null, syntax: ArgSyntax | undefined): ReadArguments {
  const options = new Map<string, Given | null>();
  if (!args) return { options, operands: null, complete: false };
  if (!syntax) return { options, operands: args, complete: true };
  const byName = new Map(syntax.options.flatMap((o) => o.names.map((n) => [n, o] as const)));
  const operands: (Given | null)[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a) return { options, operands: null, complete: false };
    const text = a.value;
    if (text === '--') {
      operands.push(...args.slice(i + 1));
      return { options, operands, complete: true };
    }
    if (!text.startsWith('-') || text === '-') {
      if (syntax.style === 'getopts') {
        operands.push(...args.slice(i));
        return { options, operands, complete: true };
      }
      operands.push(a);
      continue;
    }
    const eq = text.indexOf('=');
    if (syntax.style === 'argparse' && text.startsWith('--') && eq > 0) {
      const o = byName.get(text.slice(0, eq));
      if (!o) return { options, operands: null, complete: false };
      options.set(o.key, { value: text.slice(eq + 1), span: a.span });
      continue;
    }
    const whole = byName.get(text);
    if (whole) {
      if (whole.takesValue) {
        const v = args[++i];
        if (v === undefined) return { options, operands: null, complete: false };
        options.set(whole.key, v);
      } else options.set(whole.key, { value: '', span: a.span });
      continue;
    }
    // Grouped short options (`-vh host`, `-hhost`): each letter until one takes a value.
    if (text.startsWith('--')) return { options, operands: null, complete: false };
    for (let j = 1; j < text.length; j++) {
      const o = byName.get(`-${text[j]}`);
      if (!o) return { options, operands: null, complete: false };
      if (!o.takesValue) {
        options.set(o.key, { value: '', span: a.span });
        continue;
      }
      if (j + 1 < text.length) options.set(o.key, { value: text.slice(j + 1), span: a.span });
      else {
        const v = args[++i];
        if (v === undefined) return { options, operands: null, complete: false };
        options.set(o.key, v);
      }
      break;
    }
  }
  return { options, operands, complete: true };
}

/**
 * Whether a fact read inside `case "$1" in …` branches happens for this caller:
 * each guard's input, when known, must match the branch's patterns (or, for
 * `*)`, none of the earlier ones). An input not known keeps the fact, as before.
 */
export function guardsHold(when: readonly CaseGuard[] | undefined, caller: Caller, syntax: ArgSyntax | undefined): boolean {
  for (const g of when ?? []) {
    const values = inputValues(g.input, caller, syntax);
    if (!values || values.length !== 1) continue;
    const each = g.patterns.map((p) => globMatches(p, values[0]!.value));
    if (each.includes(undefined)) continue;
    if (each.includes(true) === Boolean(g.otherwise)) return false;
  }
  return true;
}

/** A shell glob (`*`, `?`, `[…]`, `\x`) as case matches it: the whole word (undefined: a bracket this reader cannot read). */
function globMatches(pattern: string, text: string): boolean | undefined {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += escapeRegExp(pattern[++i]!);
    else if (c === '*') re += '[^]*';
    else if (c === '?') re += '[^]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += escapeRegExp(c);
  }
  try {
    return new RegExp(`^${re}$`).test(text);
  } catch {
    return undefined;
  }
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** ` ($1 = "grafana.local", given at units/a.service:7)`: where each filled value came from. */
export function describeFilled(f: Filled): string {
  if (f.via.length === 0) return '';
  return ` (${f.via.map((v) => `${v.input} = "${v.given.value}", given at ${v.given.span.file}:${v.given.span.line}`).join('; ')})`;
}
