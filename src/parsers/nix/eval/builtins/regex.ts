/**
 * POSIX extended regular expressions (what `builtins.match`/`split` use, via
 * std::regex) translated to JavaScript: bracket classes like `[[:alnum:]]`,
 * backslashes inside brackets are literal, `]` first in a bracket is literal.
 */
const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
  word: '\\w',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

const cache = new Map<string, RegExp | null>();

/** The JS regex for a POSIX ERE (anchored when `whole`), or null if it does not compile. */
export function posixRegex(re: string, whole: boolean): RegExp | null {
  const key = `${whole ? 1 : 0}${re}`;
  if (cache.has(key)) return cache.get(key)!;
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === '\\' && i + 1 < re.length) {
      out += c + re[i + 1];
      i++;
    } else if (c === '[') {
      const end = bracket(re, i);
      if (end === null) {
        cache.set(key, null);
        return null;
      }
      out += end.js;
      i = end.next - 1;
    } else out += c;
  }
  let compiled: RegExp | null;
  try {
    compiled = new RegExp(whole ? `^(?:${out})$` : out, whole ? 's' : 'gs');
  } catch {
    compiled = null;
  }
  cache.set(key, compiled);
  return compiled;
}

function bracket(re: string, start: number): { js: string; next: number } | null {
  let i = start + 1;
  let js = '[';
  if (re[i] === '^') {
    js += '^';
    i++;
  }
  if (re[i] === ']') {
    js += '\\]';
    i++;
  }
  for (; i < re.length; i++) {
    const c = re[i]!;
    if (c === ']') return { js: `${js}]`, next: i + 1 };
    if (c === '[' && re[i + 1] === ':') {
      const close = re.indexOf(':]', i + 2);
      if (close < 0) return null;
      const name = re.slice(i + 2, close);
      const cls = CLASSES[name];
      if (cls === undefined) return null;
      js += cls;
      i = close + 1;
    } else if (c === '\\' || c === '[' || c === '/') js += `\\${c}`;
    else js += c;
  }
  return null;
}
