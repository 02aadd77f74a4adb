/**
 * A command-line word after quote removal, whichever syntax it came from (bash or
 * a systemd command line). The extractors work on argv of these, so they do not
 * care which syntax produced them.
 */
import type { ScriptValue, ValuePart } from '../../model/facts.js';
import type { SourceText, Span } from '../../model/span.js';
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
  /** For a value built from what the script's caller gives: literal text and the inputs (facts.ts ScriptInput). */
  from?: ValuePart[];
}

export function makeWord(src: SourceText, start: number, end: number, value: string, offsets: number[], ends: number[], literal = true): Word {
  return { value, literal, start, end, span: rangeSpan(src, start, end), offsets, ends };
}

/**
 * A word whose span and character map are made when first read: few readers
 * ask for them (a nested script does), and most words of a run are never
 * asked.
 */
export abstract class LazyWord implements Word {
  abstract readonly literal: boolean;
  from?: ValuePart[];
  private located?: Span;
  private mapped?: { offsets: number[]; ends: number[] };
  constructor(
    protected readonly src: SourceText,
    readonly start: number,
    readonly end: number,
    readonly value: string,
  ) {}

  get span(): Span {
    return (this.located ??= rangeSpan(this.src, this.start, this.end));
  }
  get offsets(): number[] {
    return (this.mapped ??= this.charMap()).offsets;
  }
  get ends(): number[] {
    return (this.mapped ??= this.charMap()).ends;
  }
  /** Where each character of the value comes from (Word.offsets, Word.ends). */
  protected abstract charMap(): { offsets: number[]; ends: number[] };
}

/** A word whose value is its text as written, `src.text[start, end)`: no quote, escape or expansion in it, as most words of a script are. */
export class PlainWord extends LazyWord {
  readonly literal = true;
  // Written out: without it the compiled class passes its arguments on with `super(...arguments)`, a spread call per word.
  constructor(src: SourceText, start: number, end: number, value: string) {
    super(src, start, end, value);
  }
  protected charMap(): { offsets: number[]; ends: number[] } {
    const n = this.end - this.start;
    const offsets = new Array<number>(n);
    const ends = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      offsets[i] = this.start + i;
      ends[i] = this.start + i + 1;
    }
    return { offsets, ends };
  }
}

export function located(word: Word): ScriptValue {
  return word.from ? { value: word.value, span: word.span, from: word.from } : { value: word.value, span: word.span };
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/**
 * A systemd command-line word that is exactly `${NAME}` (one word) or `$NAME`
 * (split on whitespace, systemd.service(5) "Command lines"): the unit's
 * Environment= value of NAME, filled in by the graph builder.
 */
export function withEnvironmentInput(word: Word): Word {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(word.value);
  if (m) word.from = [m[1] ? { env: m[1] } : { env: m[2]!, split: true }];
  return word;
}
