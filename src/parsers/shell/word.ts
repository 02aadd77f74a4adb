/**
 * A command-line word after quote removal, whichever syntax it came from (bash or
 * a systemd command line). The extractors work on argv of these, so they do not
 * care which syntax produced them.
 */
import type { Located, SourceText, Span } from '../../model/span.js';
import { rangeSpan } from './source-map.js';

export interface Word {
  /** After quote removal and the expansions we can know; unknown expansions stay as written (`$HOST`). */
  value: string;
  /** False when `value` still holds an expansion nobody could resolve. */
  literal: boolean;
  /** The word as written: offsets into `src.text`, and its span in the file (quotes included). */
  start: number;
  end: number;
  span: Span;
  /**
   * For each character of `value`, where in `src.text` it came from: `offsets[i]`
   * to `ends[i]` (exclusive). An escape `\"` is one character from two source
   * characters. Used to map a nested script (`sh -c '…'`) back to the file.
   */
  offsets: number[];
  ends: number[];
}

export function makeWord(src: SourceText, start: number, end: number, value: string, offsets: number[], ends: number[], literal = true): Word {
  return { value, literal, start, end, span: rangeSpan(src, start, end), offsets, ends };
}

export function located(word: Word): Located<string> {
  return { value: word.value, span: word.span };
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}
