/**
 * Splitting a value into words the way systemd does for lists (`After=a b`,
 * `Environment="A=1 2"`): whitespace separates, double and single quotes group,
 * backslash escapes. Each word keeps its span in the source.
 */
import type { Located, SourceText } from '../../model/span.js';
import { spanIn } from '../../model/span.js';

export function splitWords(src: SourceText): Located<string>[] {
  const words: Located<string>[] = [];
  const s = src.text;
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const start = i;
    let word = '';
    while (i < s.length && !/\s/.test(s[i]!)) {
      const c = s[i]!;
      if (c === '"' || c === "'") {
        const close = s.indexOf(c, i + 1);
        const end = close < 0 ? s.length : close;
        word += s.slice(i + 1, end);
        i = end + 1;
      } else if (c === '\\' && i + 1 < s.length) {
        word += s[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    words.push({ value: word, span: spanIn(src, start, Math.min(i, s.length)) });
  }
  return words;
}
