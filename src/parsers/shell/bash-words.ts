/**
 * Bash words (tree-sitter-bash nodes) to their values: quote removal, escapes, and
 * the variable expansions a static reader can know (variables assigned a literal
 * earlier in the same script). What cannot be known stays as written, so an
 * endpoint `"$BASE/health"` is still reported as `$BASE/health`.
 */
import type { BashNode as Node } from './syntax-tree.js';
import type { ValuePart } from '../../model/facts.js';
import type { SourceText } from '../../model/span.js';
import type { Word } from './word.js';
import { makeWord, PlainWord } from './word.js';

export interface VarValue {
  value: string;
  /** False when the value holds an expansion nobody could resolve (kept as written). */
  literal: boolean;
  exported: boolean;
  /** A value built from what the caller gives (a positional parameter, an option): how (facts.ts ScriptInput). */
  from?: ValuePart[];
  /** Set by something this reader does not follow (`read`, a loop variable, `unset`): unknown, and not the caller's either. */
  opaque?: boolean;
}

/** A variable this reader cannot know the value of, and that does not come from the caller. */
export const OPAQUE: VarValue = { value: '', literal: false, exported: false, opaque: true };

/**
 * Names the shell sets itself: never the unit's environment. (`$1`…, `$@` are
 * bound by the script reader when the text is a script run with arguments.)
 */
const SHELL_SET = new Set(['OPTARG', 'OPTIND', 'REPLY', 'RANDOM', 'SECONDS', 'LINENO', 'PWD', 'OLDPWD', 'PPID', 'UID', 'EUID', 'HOSTNAME', 'IFS', 'PIPESTATUS', 'FUNCNAME', 'SRANDOM', 'EPOCHSECONDS', 'EPOCHREALTIME']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `$NAME` not set by the script: the environment's, i.e. the unit's Environment= (facts.ts ScriptInput). */
function environmentInput(name: string): ValuePart[] | null {
  return ENV_NAME.test(name) && !SHELL_SET.has(name) && !name.startsWith('BASH') ? [{ env: name }] : null;
}

/** Variables with a statically known value at the current point of the script. */
export type ShellEnv = Map<string, VarValue>;

/** A value under construction: characters with their source ranges (see Word.offsets). */
interface Parts {
  chars: string[];
  offsets: number[];
  ends: number[];
  literal: boolean;
  /** The value as literal text and caller inputs; null once a part is neither. Read it through fromOf(). */
  from: ValuePart[] | null;
  /**
   * `chars` from here on are literal text not yet in `from`: added as one
   * string when `from` is read, not a character at a time (a string and an
   * array per character were an eighth of all a NixOS host's lint allocated).
   */
  pending: number;
}

function parts(): Parts {
  return { chars: [], offsets: [], ends: [], literal: true, from: [], pending: 0 };
}

function push(p: Parts, c: string, start: number, end: number): void {
  p.chars.push(c);
  p.offsets.push(start);
  p.ends.push(end);
}

/** What the value is made of, its pending literal text included. */
function fromOf(p: Parts): ValuePart[] | null {
  if (p.from && p.pending < p.chars.length) appendParts(p.from, [p.chars.slice(p.pending).join('')]);
  p.pending = p.chars.length;
  return p.from;
}

/** Says what the characters pushed so far are made of (an input, a variable's value, or unknown: null). */
function setFrom(p: Parts, from: ValuePart[] | null): void {
  p.from = from;
  p.pending = p.chars.length;
}

function appendParts(into: ValuePart[], more: readonly ValuePart[]): void {
  for (const part of more) {
    const last = into[into.length - 1];
    if (typeof part === 'string' && typeof last === 'string') into[into.length - 1] = last + part;
    else into.push(part);
  }
}

/** Whether a value's parts hold an input (not only literal text). */
export function hasInput(from: readonly ValuePart[] | null | undefined): from is ValuePart[] {
  return !!from && from.some((p) => typeof p !== 'string');
}

export function evalWord(node: Node, src: SourceText, env: ShellEnv): Word {
  const plain = plainWord(node, src);
  if (plain) return plain;
  const p = evalParts(node, src, env);
  const w = makeWord(src, node.startIndex, node.endIndex, p.chars.join(''), p.offsets, p.ends, p.literal);
  const from = fromOf(p);
  if (hasInput(from)) w.from = from;
  return w;
}

/**
 * A word written as plain characters (a `word` or `number` token, alone or as
 * a command name, without a backslash): what evalParts would give, without a
 * value built a character at a time.
 */
function plainWord(node: Node, src: SourceText): Word | undefined {
  let token = node;
  if (token.type === 'command_name') {
    if (token.childCount !== 1) return undefined;
    token = token.firstChild!;
    if (token.startIndex !== node.startIndex || token.endIndex !== node.endIndex) return undefined;
  }
  if (token.type !== 'word' && token.type !== 'number') return undefined;
  const text = src.text.slice(node.startIndex, node.endIndex);
  return text.includes('\\') ? undefined : new PlainWord(src, node.startIndex, node.endIndex, text);
}

/** The words of a command's arguments, or of a `for … in` list. */
export function evalWords(nodes: readonly Node[], src: SourceText, env: ShellEnv): Word[] {
  return nodes.map((n) => evalWord(n, src, env));
}

function verbatim(src: SourceText, start: number, end: number, literal: boolean): Parts {
  const out = parts();
  for (let i = start; i < end; i++) push(out, src.text[i]!, i, i + 1);
  out.literal = literal;
  if (!literal) setFrom(out, null);
  return out;
}

function append(into: Parts, p: Parts): void {
  const mine = fromOf(into);
  const more = fromOf(p);
  // A loop, not push(...list): a spread of a long word's characters would overflow the call stack.
  for (let i = 0; i < p.chars.length; i++) {
    into.chars.push(p.chars[i]!);
    into.offsets.push(p.offsets[i]!);
    into.ends.push(p.ends[i]!);
  }
  into.literal &&= p.literal;
  setFrom(into, mine && more ? (appendParts(mine, more), mine) : null);
}

function evalParts(node: Node, src: SourceText, env: ShellEnv): Parts {
  switch (node.type) {
    case 'word':
      return unquotedText(src, node.startIndex, node.endIndex);
    case 'number':
    case 'brace_expression':
      return verbatim(src, node.startIndex, node.endIndex, true);
    case 'raw_string':
      return verbatim(src, node.startIndex + 1, node.endIndex - 1, true);
    case 'ansi_c_string':
      return ansiC(src, node.startIndex + 2, node.endIndex - 1);
    case 'string':
    case 'translated_string':
      return doubleQuoted(node, src, env);
    case 'command_name':
    case 'concatenation': {
      const out = parts();
      let at = node.startIndex;
      for (const c of node.children) {
        if (!c) continue;
        if (c.startIndex > at) append(out, unquotedText(src, at, c.startIndex));
        append(out, evalParts(c, src, env));
        at = c.endIndex;
      }
      if (node.endIndex > at) append(out, unquotedText(src, at, node.endIndex));
      return out;
    }
    case 'simple_expansion':
    case 'expansion':
      return expansion(node, src, env);
    default:
      // Command and arithmetic substitutions, globs handled elsewhere: unknown here.
      return verbatim(src, node.startIndex, node.endIndex, false);
  }
}

/** Unquoted text: a backslash quotes the next character, backslash-newline disappears. */
function unquotedText(src: SourceText, start: number, end: number): Parts {
  const out = parts();
  for (let i = start; i < end; i++) {
    const c = src.text[i]!;
    if (c === '\\' && i + 1 < end) {
      const n = src.text[i + 1]!;
      if (n !== '\n') push(out, n, i, i + 2);
      i++;
      continue;
    }
    push(out, c, i, i + 1);
  }
  return out;
}

/** Inside double quotes a backslash only escapes `$`, backquote, `"`, `\` and newline. */
function dqText(src: SourceText, start: number, end: number, out: Parts): void {
  for (let i = start; i < end; i++) {
    const c = src.text[i]!;
    const n = src.text[i + 1];
    if (c === '\\' && i + 1 < end && (n === '$' || n === '`' || n === '"' || n === '\\' || n === '\n')) {
      if (n !== '\n') push(out, n, i, i + 2);
      i++;
      continue;
    }
    push(out, c, i, i + 1);
  }
}

function doubleQuoted(node: Node, src: SourceText, env: ShellEnv): Parts {
  const out = parts();
  const open = node.type === 'translated_string' ? 2 : 1;
  const end = node.endIndex - 1;
  let at = node.startIndex + open;
  for (const c of node.namedChildren) {
    if (!c || c.startIndex < at) continue;
    dqText(src, at, c.startIndex, out);
    if (c.type === 'string_content') dqText(src, c.startIndex, c.endIndex, out);
    else append(out, evalParts(c, src, env));
    at = c.endIndex;
  }
  if (end > at) dqText(src, at, end, out);
  return out;
}

const C_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** `$'…'`: C escapes (the common ones; `\c` and `\u` are kept as written). */
function ansiC(src: SourceText, start: number, end: number): Parts {
  const out = parts();
  for (let i = start; i < end; i++) {
    const c = src.text[i]!;
    if (c === '\\' && i + 1 < end) {
      const n = src.text[i + 1]!;
      const simple = C_ESCAPES[n];
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(src.text.slice(i + 1, Math.min(end, i + 4)));
      const oct = /^[0-7]{1,3}/.exec(src.text.slice(i + 1, Math.min(end, i + 4)));
      if (simple !== undefined) {
        push(out, simple, i, i + 2);
        i++;
        continue;
      }
      if (hex) {
        push(out, String.fromCharCode(parseInt(hex[1]!, 16)), i, i + 1 + hex[0].length);
        i += hex[0].length;
        continue;
      }
      if (oct) {
        push(out, String.fromCharCode(parseInt(oct[0], 8)), i, i + 1 + oct[0].length);
        i += oct[0].length;
        continue;
      }
    }
    push(out, c, i, i + 1);
  }
  return out;
}

/** A known value, its characters placed over the expansion as written (so nested spans stay inside it). */
function placed(known: VarValue, node: Node): Parts {
  const out = parts();
  const n = known.value.length;
  const last = Math.max(node.startIndex, node.endIndex - 1);
  for (let j = 0; j < n; j++) {
    const at = Math.min(node.startIndex + j, last);
    push(out, known.value[j]!, at, j === n - 1 ? node.endIndex : at + 1);
  }
  out.literal = known.literal;
  setFrom(out, known.literal ? [known.value] : (known.from ?? null));
  return out;
}

/** An expansion kept as written, whose value is the caller's input `from` (or unknown: null). */
function input(src: SourceText, node: Node, from: ValuePart[] | null): Parts {
  const out = verbatim(src, node.startIndex, node.endIndex, false);
  setFrom(out, from);
  return out;
}

function expansion(node: Node, src: SourceText, env: ShellEnv): Parts {
  const asWritten = (): Parts => verbatim(src, node.startIndex, node.endIndex, false);
  const children = node.children.filter((c): c is Node => c !== null);
  const nameIdx = children.findIndex((c) => c.type === 'variable_name' || (c.type === 'special_variable_name' && c.text === '@'));
  const name = children[nameIdx];
  if (!name) return asWritten();
  const bound = env.get(name.text);
  const known = bound?.opaque ? undefined : bound;
  // Neither set here nor unknowable: the caller's (the unit's environment; `$1`… are bound in env when the caller's).
  const fromCaller = (): Parts => input(src, node, bound ? null : environmentInput(name.text));
  if (node.type === 'simple_expansion') return known ? placed(known, node) : fromCaller();
  const rest = children.slice(nameIdx + 1).filter((c) => c.type !== '}');
  if (nameIdx !== 1) return asWritten(); // `${#A}`, `${!A}`: not the value itself
  if (rest.length === 0) return known ? placed(known, node) : fromCaller();
  const op = rest[0]!.type;
  const operand = rest.slice(1);
  const useDefault = op === ':-' || op === ':=' ? !known || known.value === '' : op === '-' || op === '=' ? !known : undefined;
  if (useDefault === undefined) return asWritten();
  const fallback = parts();
  for (const c of operand) append(fallback, evalParts(c, src, env));
  // The caller's input, with the default as its value when the caller gives none.
  const given = known?.from?.length === 1 ? known.from[0]! : !bound ? environmentInput(name.text)?.[0] : undefined;
  const withDefault = typeof given === 'object' && !('eachArg' in given) && fallback.literal ? { ...given, absent: fallback.chars.join('') } : undefined;
  if (!useDefault) {
    const out = placed(known!, node);
    if (withDefault) setFrom(out, [withDefault]);
    return out;
  }
  if (withDefault) setFrom(fallback, [withDefault]);
  return fallback;
}
