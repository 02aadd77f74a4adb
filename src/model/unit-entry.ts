/**
 * The compact form of a one-line `Key=Value` assignment, for unit files and the
 * stock unit catalog. A generated or hostile unit file can hold a million
 * lines; as plain objects each was five (about 300 bytes: the entry, its value,
 * a segment list, the segment, the span), which took a 50 MB file of dangling
 * `After=` lines past 2 GB (issue 12). Here it is one object: the entry is its
 * own value (a LineText), and its span is made when asked for, not kept.
 */
import type { TextEdit } from './diagnostic.js';
import type { ShellFacts, UnitEntry } from './facts.js';
import { LineText, type Located, type Span } from './span.js';

export class LineEntry extends LineText implements UnitEntry {
  declare shellScript?: boolean;
  declare shell?: ShellFacts;
  declare removal?: TextEdit;
  declare environmentFile?: { file: string; vars: Record<string, Located<string>> };

  /**
   * The value `text` starts at `line`:`valueColumn`; the whole assignment spans
   * `spanColumn` to `endColumn` of that line.
   */
  constructor(
    readonly section: string,
    readonly key: string,
    file: string,
    text: string,
    line: number,
    private readonly spanColumn: number,
    valueColumn: number,
    private readonly endColumn: number,
  ) {
    super(text, file, line, valueColumn);
  }

  /** The value: this same object, seen as the text after `=`. */
  get value(): LineText {
    return this;
  }

  /** The whole assignment, made per call: most entries are never asked, and a kept one would be 64 bytes more each. */
  get span(): Span {
    return { file: this.file, line: this.line, column: this.spanColumn, endLine: this.line, endColumn: this.endColumn };
  }
}
