/**
 * TOML spec files: smol-toml decides validity and values; positions come from
 * the structural scan in toml-positions.ts (smol-toml keeps none). A TOML
 * syntax error leaves nothing to read: smol-toml does not recover.
 */
import { parse, TomlError } from 'smol-toml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { simpleDiagnostic } from '../../model/diagnostic.js';
import type { Span } from '../../model/span.js';
import { specRecordsOf, type TreeValue } from './file-tables.js';
import type { LineIndex } from '../line-index.js';
import type { SpecRecord } from './record.js';
import { pathKey, scanTomlPositions, type TomlPath, type TomlPosition } from './toml-positions.js';
import type { SpecVocabulary } from './vocabulary.js';
import { PARSE_ERROR } from '../../model/builtin-findings.js';

export function tomlSpecRecords(lines: LineIndex, fileStem: string, vocab: SpecVocabulary): { records: SpecRecord[]; diagnostics: Diagnostic[] } {
  let data: unknown;
  try {
    data = parse(lines.text);
  } catch (e) {
    return { records: [], diagnostics: [tomlDiagnostic(e, lines)] };
  }
  const positions = scanTomlPositions(lines.text);
  const tree = new TomlTree(lines, positions).build(data, []);
  return { records: specRecordsOf(tree, fileStem, lines.firstLine(), vocab), diagnostics: [] };
}

function tomlDiagnostic(e: unknown, lines: LineIndex): Diagnostic {
  if (e instanceof TomlError) {
    const message = e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    const start = lines.offset(e.line, e.column);
    return simpleDiagnostic(PARSE_ERROR, 'error', `TOML: ${message}`, lines.span(start, start + 1));
  }
  return simpleDiagnostic(PARSE_ERROR, 'error', `TOML: ${String(e)}`, lines.firstLine());
}

class TomlTree {
  constructor(
    private readonly lines: LineIndex,
    private readonly positions: Map<string, TomlPosition>,
  ) {}

  build(value: unknown, path: TomlPath): TreeValue {
    const span = this.valueSpan(path);
    if (Array.isArray(value)) return { kind: 'list', span, items: value.map((v, i) => this.build(v, [...path, i])) };
    if (typeof value === 'string') return { kind: 'leaf', field: { kind: 'string', value, span } };
    if (typeof value === 'number' || typeof value === 'bigint') return { kind: 'leaf', field: { kind: 'number', value: Number(value), span } };
    if (isTable(value)) {
      return {
        kind: 'map',
        span,
        entries: Object.entries(value).map(([key, v]) => ({ key, keySpan: this.keySpan([...path, key]), value: this.build(v, [...path, key]) })),
      };
    }
    return { kind: 'leaf', field: { kind: 'other', span } };
  }

  private valueSpan(path: TomlPath): Span {
    const pos = this.nearest(path);
    return pos ? this.lines.span(pos.value[0], pos.value[1]) : this.lines.firstLine();
  }

  private keySpan(path: TomlPath): Span {
    const pos = this.nearest(path);
    const at = pos?.key ?? pos?.value;
    return at ? this.lines.span(at[0], at[1]) : this.lines.firstLine();
  }

  /** The value's own position, else its closest recorded ancestor's. */
  private nearest(path: TomlPath): TomlPosition | undefined {
    for (let n = path.length; n > 0; n--) {
      const pos = this.positions.get(pathKey(path.slice(0, n)));
      if (pos) return pos;
    }
    return undefined;
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
