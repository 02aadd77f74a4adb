/**
 * Static evaluation of the Python expressions spec tables are written with:
 * literals, module-level constants, f-strings and concatenations of those,
 * literal arithmetic, and records (dicts, keyword calls, dataclass instances,
 * classes with attributes). Anything else is `other`: present, but not knowable
 * without running the script, which the analyzer never does.
 */
import type { Node } from 'web-tree-sitter';
import type { Span } from '../../model/span.js';
import type { FieldValue, RecordField } from '../spec/record.js';
import type { LineIndex } from '../line-index.js';
import { finalName, type ClassField, type PyClass, type PyModule } from './module.js';
import type { ValuePart } from '../../model/facts.js';
import { inputOf, type CommandLine } from './inputs.js';

export interface PyRecord {
  fields: RecordField[];
  /** The class the record came from when it is a class reference (`"traefik": Traefik`). */
  classRef?: PyClass;
  /** Where the record is written: a referenced constant's value, not the reference. */
  node: Node;
}

// Constants that refer to each other in a loop must not hang the reader.
const MAX_DEPTH = 32;

const TIMEDELTA_POSITIONAL = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
const TIMEDELTA_SECONDS: Record<string, number> = {
  weeks: 604800, days: 86400, hours: 3600, minutes: 60, seconds: 1, milliseconds: 0.001, microseconds: 0.000001,
};

export class PyEvaluator {
  /** The script's argparse declarations, for `args.NAME` (inputs.ts). */
  cli?: CommandLine;

  constructor(
    private readonly mod: PyModule,
    private readonly lines: LineIndex,
  ) {}

  span(node: Node): Span {
    return this.lines.span(node.startIndex, node.endIndex);
  }

  value(node: Node, depth = 0): FieldValue {
    const span = this.span(node);
    const s = this.string(node, depth);
    if (s !== undefined) return { kind: 'string', value: s, span };
    const n = this.number(node, depth);
    if (n !== undefined) return { kind: 'number', value: n, span };
    const from = this.recipe(node, depth);
    // Built from what the caller gives (sys.argv, os.environ, argparse): filled in per invocation.
    if (from?.some((p) => typeof p !== 'string')) return { kind: 'input', value: `\${${node.text.slice(0, 80)}}`, from, span };
    if (node.type === 'list' || node.type === 'tuple' || node.type === 'set') {
      return { kind: 'list', items: this.children(node).map((c) => this.value(c, depth + 1)), span };
    }
    if (node.type === 'parenthesized_expression') {
      const inner = node.namedChild(0);
      if (inner) return this.value(inner, depth + 1);
    }
    if (node.type === 'identifier' && depth < MAX_DEPTH) {
      // A list constant keeps its items' own spans; a scalar points at the use.
      const target = this.mod.constants.get(node.text);
      if (target) {
        const v = this.value(target.value, depth + 1);
        if (v.kind === 'list') return { ...v, span };
      }
    }
    return { kind: 'other', span };
  }

  string(node: Node, depth = 0): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case 'string':
        return this.stringLiteral(node, depth);
      case 'concatenated_string': {
        const parts = this.children(node).map((c) => this.string(c, depth + 1));
        return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
      }
      case 'binary_operator': {
        if (node.childForFieldName('operator')?.type !== '+') return undefined;
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        const a = l && this.string(l, depth + 1);
        const b = r && this.string(r, depth + 1);
        return a !== undefined && a !== null && b !== undefined && b !== null ? a + b : undefined;
      }
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner ? this.string(inner, depth + 1) : undefined;
      }
      case 'identifier': {
        const target = this.mod.constants.get(node.text);
        return target ? this.string(target.value, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A string built from literal text and the caller's inputs (facts.ts ScriptInput), or undefined. */
  recipe(node: Node, depth = 0): ValuePart[] | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const s = this.string(node, depth);
    if (s !== undefined) return [s];
    const literal = (n: Node): string | undefined => this.string(n, depth + 1);
    const input = inputOf(node, this.cli, literal);
    if (input) return [input];
    const join = (nodes: (Node | null)[]): ValuePart[] | undefined => {
      const out: ValuePart[] = [];
      for (const n of nodes) {
        const r = n ? this.recipe(n, depth + 1) : undefined;
        if (!r) return undefined;
        out.push(...r);
      }
      return out;
    };
    switch (node.type) {
      case 'concatenated_string':
        return join(this.children(node));
      case 'binary_operator':
        return node.childForFieldName('operator')?.type === '+' ? join([node.childForFieldName('left'), node.childForFieldName('right')]) : undefined;
      case 'parenthesized_expression':
        return join([node.namedChild(0)]);
      case 'identifier': {
        const target = this.mod.constants.get(node.text);
        return target ? this.recipe(target.value, depth + 1) : undefined;
      }
      case 'string': {
        // An f-string whose interpolations are inputs: `f"https://{os.environ['HOST']}/ping"`.
        const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '"';
        const prefix = start.replace(/['"]+$/, '').toLowerCase();
        if (!prefix.includes('f')) return undefined;
        const out: ValuePart[] = [];
        for (const child of this.children(node)) {
          if (child.type === 'string_content') out.push((prefix.includes('r') ? child.text : decodeEscapes(child.text)).replace(/\{\{/g, '{').replace(/\}\}/g, '}'));
          else if (child.type === 'interpolation') {
            if (child.childForFieldName('type_conversion') || child.childForFieldName('format_specifier')) return undefined;
            const expr = child.childForFieldName('expression');
            const r = expr ? this.recipe(expr, depth + 1) : undefined;
            if (!r) return undefined;
            out.push(...r);
          }
        }
        return out;
      }
      default:
        return undefined;
    }
  }

  number(node: Node, depth = 0): number | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case 'integer':
        return parseInteger(node.text);
      case 'float': {
        const v = Number(node.text.replace(/_/g, ''));
        return Number.isFinite(v) ? v : undefined;
      }
      case 'unary_operator': {
        const arg = node.childForFieldName('argument');
        const v = arg ? this.number(arg, depth + 1) : undefined;
        const op = node.childForFieldName('operator')?.type;
        return v === undefined ? undefined : op === '-' ? -v : op === '+' ? v : undefined;
      }
      case 'binary_operator': {
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        const a = l ? this.number(l, depth + 1) : undefined;
        const b = r ? this.number(r, depth + 1) : undefined;
        if (a === undefined || b === undefined) return undefined;
        return arithmetic(node.childForFieldName('operator')?.type ?? '', a, b);
      }
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner ? this.number(inner, depth + 1) : undefined;
      }
      case 'identifier': {
        const target = this.mod.constants.get(node.text);
        return target ? this.number(target.value, depth + 1) : undefined;
      }
      case 'call':
        return finalName(node.childForFieldName('function')) === 'timedelta' ? this.timedelta(node, depth) : undefined;
      default:
        return undefined;
    }
  }

  /** A record, or undefined when the expression is not one. */
  record(node: Node, depth = 0): PyRecord | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case 'dictionary':
        return { fields: this.dictFields(node, depth), node };
      case 'call':
        return this.callRecord(node, depth);
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner ? this.record(inner, depth + 1) : undefined;
      }
      case 'identifier': {
        const cls = this.mod.classes.get(node.text);
        if (cls && cls.node.type === 'class_definition') return { fields: this.classAttributes(cls), classRef: cls, node: cls.nameNode };
        const target = this.mod.constants.get(node.text);
        return target ? this.record(target.value, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A class's attribute values, inherited ones first (a subclass overrides by name). */
  classAttributes(cls: PyClass, depth = 0): RecordField[] {
    const inherited = cls.bases.flatMap((b) => {
      const base = this.mod.classes.get(b);
      return base && depth < MAX_DEPTH ? this.classAttributes(base, depth + 1) : [];
    });
    return [...inherited, ...this.defaults(cls.fields, depth)];
  }

  private dictFields(node: Node, depth: number): RecordField[] {
    const fields: RecordField[] = [];
    for (const child of this.children(node)) {
      if (child.type === 'pair') {
        const key = child.childForFieldName('key');
        const value = child.childForFieldName('value');
        const name = key ? this.string(key, depth + 1) : undefined;
        if (name !== undefined && value) fields.push({ name, value: this.value(value, depth + 1) });
      } else if (child.type === 'dictionary_splat') {
        fields.push(...this.splat(child, depth));
      }
    }
    return fields;
  }

  private callRecord(node: Node, depth: number): PyRecord | undefined {
    const callee = node.childForFieldName('function');
    const cls = callee?.type === 'identifier' || callee?.type === 'attribute' ? this.mod.classes.get(finalName(callee)) : undefined;
    const args = this.children(node.childForFieldName('arguments'));
    const keywords = args.filter((a) => a.type === 'keyword_argument' || a.type === 'dictionary_splat');
    if (!cls && keywords.length === 0) return undefined;

    const fields: RecordField[] = cls ? this.classDefaults(cls, depth) : [];
    const order = cls ? this.positionalOrder(cls) : [];
    let position = 0;
    for (const arg of args) {
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name');
        const value = arg.childForFieldName('value');
        if (name && value) fields.push({ name: name.text, value: this.value(value, depth + 1) });
      } else if (arg.type === 'dictionary_splat') {
        fields.push(...this.splat(arg, depth));
      } else if (arg.type === 'list_splat') {
        // `*args` hides which field each later positional argument lands in.
        position = Number.POSITIVE_INFINITY;
      } else if (arg.type !== 'comment') {
        const field = order[position++];
        if (field) fields.push({ name: field, value: this.value(arg, depth + 1) });
      }
    }
    return { fields, node };
  }

  /** Field order for positional arguments: `__init__` parameters, else the declared fields. */
  private positionalOrder(cls: PyClass, depth = 0): string[] {
    if (cls.initParams) return cls.initParams.map((p) => p.name);
    const inherited = cls.bases.flatMap((b) => {
      const base = this.mod.classes.get(b);
      return base && depth < MAX_DEPTH ? this.positionalOrder(base, depth + 1) : [];
    });
    const own = cls.fields.filter((f) => f.annotated).map((f) => f.name);
    // A redeclared field keeps its original position (dataclass semantics).
    return [...inherited, ...own.filter((n) => !inherited.includes(n))];
  }

  private classDefaults(cls: PyClass, depth: number): RecordField[] {
    const inherited = cls.bases.flatMap((b) => {
      const base = this.mod.classes.get(b);
      return base && depth < MAX_DEPTH ? this.classDefaults(base, depth + 1) : [];
    });
    // Class attributes, annotated or not, are what an instance reads when nothing overrides them.
    const own = this.defaults(cls.fields, depth);
    return [...inherited, ...own, ...(cls.initParams ? this.defaults(cls.initParams, depth) : [])];
  }

  private defaults(fields: readonly ClassField[], depth: number): RecordField[] {
    const out: RecordField[] = [];
    for (const f of fields) {
      const v = f.value && this.defaultValue(f.value);
      if (v) out.push({ name: f.name, value: this.value(v, depth + 1) });
    }
    return out;
  }

  /** `field(default=X)` → X; `field(default_factory=…)` has no static value. */
  private defaultValue(node: Node): Node | null {
    if (node.type !== 'call' || finalName(node.childForFieldName('function')) !== 'field') return node;
    const arg = this.children(node.childForFieldName('arguments')).find(
      (a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'default',
    );
    return arg?.childForFieldName('value') ?? null;
  }

  private splat(node: Node, depth: number): RecordField[] {
    const inner = node.namedChild(0);
    return inner ? (this.record(inner, depth + 1)?.fields ?? []) : [];
  }

  private stringLiteral(node: Node, depth: number): string | undefined {
    const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '"';
    const prefix = start.replace(/['"]+$/, '').toLowerCase();
    const raw = prefix.includes('r');
    const formatted = prefix.includes('f');
    let out = '';
    for (const child of this.children(node)) {
      if (child.type === 'string_content') {
        let text = raw ? child.text : decodeEscapes(child.text);
        if (formatted) text = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        out += text;
      } else if (child.type === 'interpolation') {
        // A conversion or format spec changes the text in ways not worth modelling.
        if (child.childForFieldName('type_conversion') || child.childForFieldName('format_specifier')) return undefined;
        const expr = child.childForFieldName('expression');
        if (!expr) return undefined;
        const s = this.string(expr, depth + 1);
        const n = s === undefined ? this.number(expr, depth + 1) : undefined;
        if (s === undefined && n === undefined) return undefined;
        out += s ?? String(n);
      }
    }
    return out;
  }

  private timedelta(node: Node, depth: number): number | undefined {
    let total = 0;
    let position = 0;
    for (const arg of this.children(node.childForFieldName('arguments'))) {
      let unit: string | undefined;
      let valueNode: Node | null = arg;
      if (arg.type === 'keyword_argument') {
        unit = arg.childForFieldName('name')?.text;
        valueNode = arg.childForFieldName('value');
      } else {
        unit = TIMEDELTA_POSITIONAL[position++];
      }
      const factor = unit ? TIMEDELTA_SECONDS[unit] : undefined;
      const v = valueNode ? this.number(valueNode, depth + 1) : undefined;
      if (factor === undefined || v === undefined) return undefined;
      total += v * factor;
    }
    return total;
  }

  private children(node: Node | null | undefined): Node[] {
    return (node?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment');
  }
}

function parseInteger(text: string): number | undefined {
  const t = text.replace(/_/g, '').toLowerCase();
  if (/[lj]$/.test(t)) return undefined;
  const v = /^0[box]/.test(t) ? Number(t) : /^0+\d/.test(t) ? Number(t.replace(/^0+/, '')) : Number(t);
  return Number.isFinite(v) ? v : undefined;
}

function arithmetic(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : a / b;
    case '//': return b === 0 ? undefined : Math.floor(a / b);
    case '%': return b === 0 ? undefined : a - b * Math.floor(a / b);
    case '**': return a ** b;
    default: return undefined;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '',
};

/** Python string escapes; unknown ones stay as written, as Python keeps them. */
export function decodeEscapes(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r?\n|.)/g, (whole, esc: string) => {
    if (esc.startsWith('x') || esc.startsWith('u') || esc.startsWith('U')) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]+$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    if (esc === '\r\n') return '';
    return SIMPLE_ESCAPES[esc] ?? whole;
  });
}
