/**
 * String built-ins. Nix strings are bytes, so lengths and offsets count UTF-8
 * bytes. Built-ins that only move text around (`concatStringsSep`,
 * `substring`, `toString` of a string) keep the source map and the context.
 */
import { createHash } from 'node:crypto';
import type { OffsetSegment } from '../../../../model/span.js';
import { EvalError } from '../errors.js';
import type { Machine } from '../machine.js';
import { StrBuilder } from '../strings.js';
import { attrs, bool, int, list, NULL, str, Thunk, type Attr, type StrV, type Value } from '../value.js';
import { posixRegex } from './regex.js';
import { coerceString, needInt, needList, needString, primop, type Impl } from './util.js';
import { checkStringLength, stringUnits } from '../budget.js';

const ASCII = /^[\x00-\x7f]*$/;

function byteLength(s: string): number {
  return ASCII.test(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

/** A slice of a string by UTF-16 offsets, keeping its map and context. */
export function sliceStr(v: StrV, start: number, end: number): StrV {
  if (start === 0 && end >= v.s.length) return v;
  const out: StrV = { t: 'string', s: v.s.slice(start, end) };
  if (v.ctx) out.ctx = v.ctx;
  if (v.src) {
    let first: OffsetSegment | undefined;
    const rest: OffsetSegment[] = [];
    for (const seg of v.src.segments) {
      if (seg.offset <= start) first = seg;
      else if (seg.offset < end) rest.push({ ...seg, offset: seg.offset - start });
    }
    if (first) {
      // Walk from the segment start to `start` to find the position there.
      let line = first.line;
      let column = first.column;
      for (let i = first.offset; i < start; i++) {
        if (v.s.charCodeAt(i) === 10) {
          line++;
          column = 1;
        } else column++;
      }
      out.src = { file: v.src.file, segments: [{ offset: 0, line, column }, ...rest] };
    }
  }
  if (v.origin) out.origin = v.origin;
  return out;
}

const stringLength: Impl = (m, [s], site) => int(BigInt(byteLength(coerceString(m, s!, site.span).s)));

const substring: Impl = (m, [a, b, s], site) => {
  const start = needInt(m, a!, site.span).v;
  const len = needInt(m, b!, site.span).v;
  const v = coerceString(m, s!, site.span);
  if (start < 0n) throw new EvalError('negative start position in \'substring\'', site.span, 'other');
  const text = v.s;
  if (ASCII.test(text)) {
    const from = Number(start > BigInt(text.length) ? BigInt(text.length) : start);
    const to = len < 0n ? text.length : Math.min(text.length, from + Number(len > BigInt(text.length) ? BigInt(text.length) : len));
    return sliceStr(v, from, to);
  }
  const bytes = Buffer.from(text, 'utf8');
  const from = Number(start > BigInt(bytes.length) ? BigInt(bytes.length) : start);
  const to = len < 0n ? bytes.length : Math.min(bytes.length, from + Number(len > BigInt(bytes.length) ? BigInt(bytes.length) : len));
  return str(bytes.subarray(from, to).toString('utf8'), v.ctx);
};

const concatStringsSep: Impl = (m, [sepT, l], site) => {
  const sep = needString(m, sepT!, site.span);
  const items = needList(m, l!, site.span).items;
  if (items.length === 1) return coerceString(m, items[0]!, site.span);
  const b = new StrBuilder();
  items.forEach((t, i) => {
    if (i > 0) b.addString(sep, undefined, true);
    b.addString(coerceString(m, t, site.span), undefined, true);
  });
  const joined = b.build();
  m.alloc(stringUnits(joined.s.length), site.span);
  return joined;
};

const replaceStrings: Impl = (m, [fromT, toT, sT], site) => {
  const from = needList(m, fromT!, site.span).items.map((t) => needString(m, t, site.span));
  const to = needList(m, toT!, site.span).items.map((t) => needString(m, t, site.span));
  if (from.length !== to.length) throw new EvalError("'from' and 'to' arguments to 'replaceStrings' have different lengths", site.span, 'other');
  const v = needString(m, sT!, site.span);
  const s = v.s;
  let res = '';
  let changed = false;
  const ctx = new Set(v.ctx ?? []);
  for (let p = 0; p <= s.length; ) {
    let found = false;
    for (let i = 0; i < from.length; i++) {
      const f = from[i]!.s;
      if (s.startsWith(f, p)) {
        found = true;
        changed = true;
        res += to[i]!.s;
        checkStringLength(res.length, site.span);
        for (const c of to[i]!.ctx ?? []) ctx.add(c);
        if (f.length === 0) {
          if (p < s.length) res += s[p];
          p++;
        } else p += f.length;
        break;
      }
    }
    if (!found) {
      if (p < s.length) res += s[p];
      p++;
    }
  }
  if (changed) m.alloc(stringUnits(res.length), site.span);
  return changed ? str(res, ctx) : v;
};

const split: Impl = (m, [reT, sT], site) => {
  const re = needString(m, reT!, site.span).s;
  const s = needString(m, sT!, site.span);
  const rx = posixRegex(re, false);
  if (!rx) throw new EvalError(`invalid regular expression '${re}'`, site.span, 'other');
  rx.lastIndex = 0;
  const out: Thunk[] = [];
  let last = 0;
  for (let match = rx.exec(s.s); match; match = rx.exec(s.s)) {
    out.push(Thunk.of(str(s.s.slice(last, match.index))));
    out.push(Thunk.of(list(match.slice(1).map((g) => Thunk.of(g === undefined ? NULL : str(g))))));
    m.allocList(out.length, 'the list split returns', site.span);
    last = match.index + match[0].length;
    if (match[0].length === 0) rx.lastIndex++;
  }
  out.push(Thunk.of(str(s.s.slice(last))));
  return list(out);
};

const match: Impl = (m, [reT, sT], site) => {
  const re = needString(m, reT!, site.span).s;
  const s = needString(m, sT!, site.span);
  const rx = posixRegex(re, true);
  if (!rx) throw new EvalError(`invalid regular expression '${re}'`, site.span, 'other');
  const r = rx.exec(s.s);
  if (!r) return NULL;
  return list(r.slice(1).map((g) => Thunk.of(g === undefined ? NULL : str(g))));
};

const toStringImpl: Impl = (m, [x], site) => coerceString(m, x!, site.span, 'toString');

const hashString: Impl = (m, [typeT, sT], site) => {
  const type = needString(m, typeT!, site.span).s;
  const s = needString(m, sT!, site.span).s;
  if (!['md5', 'sha1', 'sha256', 'sha512'].includes(type)) throw new EvalError(`unknown hash algorithm '${type}'`, site.span, 'other');
  return str(createHash(type).update(s, 'utf8').digest('hex'));
};

const discardContext: Impl = (m, [sT], site) => {
  const v = needString(m, sT!, site.span);
  if (!v.ctx) return v;
  const { ctx: _drop, ...rest } = v;
  return rest;
};

const hasContext: Impl = (m, [sT], site) => bool(Boolean(needString(m, sT!, site.span).ctx?.size));

const getContext: Impl = (m, [sT], site) => {
  const v = needString(m, sT!, site.span);
  const map = new Map<string, Attr>();
  for (const c of v.ctx ?? []) map.set(c, { v: Thunk.of(attrs(new Map([['path', { v: Thunk.of(bool(true)) }]]))) });
  return attrs(map);
};

// ---- versions (Nix's names.cc) ----------------------------------------------------------

function components(v: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < v.length) {
    while (i < v.length && (v[i] === '.' || v[i] === '-')) i++;
    if (i >= v.length) break;
    const start = i;
    if (/[0-9]/.test(v[i]!)) while (i < v.length && /[0-9]/.test(v[i]!)) i++;
    else while (i < v.length && !/[0-9.-]/.test(v[i]!)) i++;
    out.push(v.slice(start, i));
  }
  return out;
}

function componentLess(a: string, b: string): boolean {
  const na = /^[0-9]+$/.test(a) ? BigInt(a) : null;
  const nb = /^[0-9]+$/.test(b) ? BigInt(b) : null;
  if (na !== null && nb !== null) return na < nb;
  if (a === '' && nb !== null) return true;
  if (a === 'pre' && b !== 'pre') return true;
  if (b === 'pre') return false;
  if (nb !== null) return true;
  if (na !== null) return false;
  return a < b;
}

export function compareVersionStrings(a: string, b: string): number {
  const ca = components(a);
  const cb = components(b);
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i] ?? '';
    const y = cb[i] ?? '';
    if (componentLess(x, y)) return -1;
    if (componentLess(y, x)) return 1;
  }
  return 0;
}

const compareVersions: Impl = (m, [a, b], site) =>
  int(BigInt(compareVersionStrings(needString(m, a!, site.span).s, needString(m, b!, site.span).s)));

const splitVersion: Impl = (m, [a], site) => list(components(needString(m, a!, site.span).s).map((c) => Thunk.of(str(c))));

const parseDrvName: Impl = (m, [a], site) => {
  const s = needString(m, a!, site.span).s;
  let name = s;
  let version = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '-' && i + 1 < s.length && !/[a-zA-Z]/.test(s[i + 1]!)) {
      name = s.slice(0, i);
      version = s.slice(i + 1);
      break;
    }
  }
  const map = new Map<string, Attr>();
  map.set('name', { v: Thunk.of(str(name)) });
  map.set('version', { v: Thunk.of(str(version)) });
  return attrs(map);
};

export function stringBuiltins(m: Machine): Record<string, Value> {
  return {
    stringLength: primop(m, 'stringLength', 1, stringLength),
    substring: primop(m, 'substring', 3, substring),
    concatStringsSep: primop(m, 'concatStringsSep', 2, concatStringsSep),
    replaceStrings: primop(m, 'replaceStrings', 3, replaceStrings),
    split: primop(m, 'split', 2, split),
    match: primop(m, 'match', 2, match),
    toString: primop(m, 'toString', 1, toStringImpl),
    hashString: primop(m, 'hashString', 2, hashString),
    unsafeDiscardStringContext: primop(m, 'unsafeDiscardStringContext', 1, discardContext),
    hasContext: primop(m, 'hasContext', 1, hasContext),
    getContext: primop(m, 'getContext', 1, getContext),
    compareVersions: primop(m, 'compareVersions', 2, compareVersions),
    splitVersion: primop(m, 'splitVersion', 1, splitVersion),
    parseDrvName: primop(m, 'parseDrvName', 1, parseDrvName),
  };
}
