/**
 * JSON as Nix 2.8 writes and reads it: sorted keys, floats as a C++ stream
 * prints them, control characters as \uXXXX except \n \r \t, sets with
 * `__toString` or `outPath` as strings. The same printer gives the output of
 * `nix-instantiate --eval --strict --json` for the differential test.
 */
import type { Span } from '../../../../model/span.js';
import { coerceToString } from '../coerce.js';
import { EvalError } from '../errors.js';
import { UnknownArgument, type Machine } from '../machine.js';
import { formatFloatGeneral } from '../numbers.js';
import { attrs, float, int, list, NULL, sortedNames, str, Thunk, TRUE, FALSE, type Attr, type Value } from '../value.js';
import { needString, primop, type Impl } from './util.js';

export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c < 32) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}

/** Forces `v` completely and prints it; throws UnknownArgument on an unknown. */
export function toJSONText(m: Machine, v: Value, at: Span): string {
  m.enter(at);
  try {
    switch (v.t) {
      case 'null':
        return 'null';
      case 'bool':
        return v.v ? 'true' : 'false';
      case 'int':
        return v.v.toString();
      case 'float':
        return formatFloatGeneral(v.v);
      case 'string':
        return jsonString(v.s);
      case 'path':
        return jsonString(v.p);
      case 'list':
        return `[${v.items.map((t) => toJSONText(m, m.force(t), at)).join(',')}]`;
      case 'attrs': {
        if (v.map.has('__toString')) {
          const s = coerceToString(m, v, 'interp', at);
          if (s.t === 'unknown') throw new UnknownArgument(s);
          return jsonString(s.s);
        }
        const out = v.map.get('outPath');
        if (out) return toJSONText(m, m.force(out.v), at);
        return `{${sortedNames(v)
          .map((k) => `${jsonString(k)}:${toJSONText(m, m.force(v.map.get(k)!.v), at)}`)
          .join(',')}}`;
      }
      case 'lambda':
      case 'primop':
        throw new EvalError('cannot convert a function to JSON', at, 'type');
      case 'unknown':
        throw new UnknownArgument(v);
    }
  } finally {
    m.leave();
  }
}

const toJSON: Impl = (m, [x], site) => str(toJSONText(m, m.force(x!), site.span));

/** A small JSON reader: integers stay 64-bit integers, as in Nix. */
export function parseJSON(text: string, at: Span): Value {
  let i = 0;
  const fail = (): never => {
    throw new EvalError(`invalid JSON at offset ${i}`, at, 'other');
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (): Value => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const map = new Map<string, Attr>();
      ws();
      if (text[i] === '}') {
        i++;
        return attrs(map);
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = string();
        ws();
        if (text[i++] !== ':') fail();
        map.set(k, { v: Thunk.of(value()) });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return attrs(map);
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      const items: Thunk[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return list(items);
      }
      for (;;) {
        items.push(Thunk.of(value()));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return list(items);
        } else fail();
      }
    }
    if (c === '"') return str(string());
    if (text.startsWith('true', i)) {
      i += 4;
      return TRUE;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return FALSE;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return NULL;
    }
    const num = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!num) return fail();
    i += num[0].length;
    if (num[2] || num[3]) return float(Number(num[0]));
    const n = BigInt(num[0]);
    return n > 9223372036854775807n || n < -9223372036854775808n ? float(Number(num[0])) : int(n);
  };
  const string = (): string => {
    i++;
    let out = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const e = text[i + 1];
        i += 2;
        if (e === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i, i + 4), 16));
          i += 4;
        } else out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e!] ?? e;
      } else out += text[i++];
    }
    if (text[i] !== '"') fail();
    i++;
    return out;
  };
  const v = value();
  ws();
  if (i !== text.length) fail();
  return v;
}

const fromJSON: Impl = (m, [s], site) => parseJSON(needString(m, s!, site.span).s, site.span);

export function jsonBuiltins(m: Machine): Record<string, Value> {
  return { toJSON: primop(m, 'toJSON', 1, toJSON), fromJSON: primop(m, 'fromJSON', 1, fromJSON) };
}
