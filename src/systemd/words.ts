/**
 * Splitting a value into words the way systemd does (extract_first_word()):
 * whitespace separates; depending on the directive, quotes group and backslashes
 * escape. Each word keeps its span in the source.
 */
import type { Located, SourceText, Span } from '../model/span.js';
import { spanIn } from '../model/span.js';

interface SplitOptions {
  /** Double and single quotes group a word and are removed. */
  unquote: boolean;
  /** A backslash escapes the next character (EXTRACT_RETAIN_ESCAPE is the opposite). */
  escapes: boolean;
}

const SPACE = /\s/;

/** What /\s/ matches, without a regular expression for ASCII (every character of every list is asked). */
function isSpace(c: number): boolean {
  return c < 0x80 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : SPACE.test(String.fromCharCode(c));
}

/**
 * A word, its span, and where it is in the value's text (`text.slice(start, end)`
 * is the word as written). The span is made when read: a list of unit names
 * is mostly looked up by name, and a span per word was a tenth of what
 * building a 5,000-unit graph allocated.
 */
export class Word implements Located<string> {
  constructor(
    readonly value: string,
    private readonly src: SourceText,
    readonly start: number,
    readonly end: number,
  ) {}

  get span(): Span {
    return spanIn(this.src, this.start, this.end);
  }
}

function split(src: SourceText, opts: SplitOptions): Word[] {
  const words: Word[] = [];
  const s = src.text;
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    if (i >= s.length) break;
    const start = i;
    // Plain characters are taken as one slice per run, not one string per character.
    let word = '';
    let run = i;
    while (i < s.length && !isSpace(s.charCodeAt(i))) {
      const c = s[i]!;
      if (opts.unquote && (c === '"' || c === "'")) {
        const close = s.indexOf(c, i + 1);
        const end = close < 0 ? s.length : close;
        word += s.slice(run, i) + s.slice(i + 1, end);
        i = end + 1;
        run = i;
      } else if (opts.escapes && c === '\\' && i + 1 < s.length) {
        word += s.slice(run, i) + s[i + 1];
        i += 2;
        run = i;
      } else {
        i++;
      }
    }
    const end = Math.min(i, s.length);
    word += s.slice(run, end);
    words.push(new Word(word, src, start, end));
  }
  return words;
}

/** Generic lists (`Environment="A=1 2" B=3`): quotes group, backslashes escape. */
export function splitWords(src: SourceText): Word[] {
  return split(src, { unquote: true, escapes: true });
}

/**
 * Lists of unit names (EXTRACT_RETAIN_ESCAPE): a backslash is an ordinary
 * character, so escaped names such as `mnt-data\x2d1.mount` survive intact.
 * Dependency directives in [Unit] (config_parse_unit_deps) do not unquote
 * either: `After="b.service"` names the invalid unit `"b.service"`, which
 * systemd ignores with a warning. [Install] lists (config_parse_strv) do
 * unquote: pass `unquote: true` for them.
 */
export function splitUnitList(src: SourceText, opts: { unquote: boolean }): Word[] {
  return split(src, { unquote: opts.unquote, escapes: false });
}
