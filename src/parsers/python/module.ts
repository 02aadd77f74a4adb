/**
 * What a reconcile script declares at module level: constants, classes (with
 * their field order, which positional constructor arguments follow) and
 * `TABLE["key"] = …` additions. Spec tables live at module level; anything a
 * function builds at run time is out of reach of a static reader.
 */
import type { Node } from 'web-tree-sitter';

export interface Assignment {
  name: string;
  nameNode: Node;
  value: Node;
}

export interface ClassField {
  name: string;
  nameNode: Node;
  /** The default (or the assigned value); null for a bare annotation. */
  value: Node | null;
  annotated: boolean;
}

export interface PyClass {
  name: string;
  nameNode: Node;
  node: Node;
  bases: string[];
  /** Own fields in source order; inherited ones come from `bases`. */
  fields: ClassField[];
  /** Constructor parameters when the class defines `__init__`: they fix the positional order. */
  initParams?: ClassField[];
  /** Declared as a record type (dataclass, NamedTuple, …) or instantiated somewhere: not a spec itself. */
  recordType: boolean;
}

export interface PyModule {
  /** Last module-level assignment of each name. */
  constants: Map<string, Assignment>;
  /** Every module-level assignment, in source order. */
  assignments: Assignment[];
  /** `TABLE["key"] = value` at module level. */
  itemAssignments: { table: string; key: Node; value: Node }[];
  classes: Map<string, PyClass>;
}

const RECORD_DECORATORS = new Set(['dataclass', 'define', 'frozen', 'mutable', 's', 'attrs', 'dataclass_json']);
const RECORD_BASES = new Set(['NamedTuple', 'TypedDict', 'BaseModel', 'BaseSettings', 'Struct']);
const NAMEDTUPLE_FACTORIES = new Set(['namedtuple', 'NamedTuple']);
// Blocks that still run at import time when they sit at module level.
const NESTED_BLOCKS = new Set(['if_statement', 'try_statement', 'with_statement', 'elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'block']);

export function readModule(root: Node): PyModule {
  const mod: PyModule = { constants: new Map(), assignments: [], itemAssignments: [], classes: new Map() };
  visitStatements(root, mod);
  const called = calledNames(root);
  for (const cls of mod.classes.values()) if (called.has(cls.name)) cls.recordType = true;
  // A subclass of a record type is one too (a dataclass subclass keeps the generated __init__).
  let changed = true;
  while (changed) {
    changed = false;
    for (const cls of mod.classes.values()) {
      if (!cls.recordType && cls.bases.some((b) => mod.classes.get(b)?.recordType)) {
        cls.recordType = true;
        changed = true;
      }
    }
  }
  return mod;
}

function visitStatements(parent: Node, mod: PyModule): void {
  for (const stmt of parent.namedChildren) {
    if (!stmt) continue;
    if (stmt.type === 'expression_statement') {
      const inner = stmt.namedChild(0);
      if (inner?.type === 'assignment') readAssignment(inner, mod);
    } else if (stmt.type === 'class_definition') {
      readClass(stmt, [], mod);
    } else if (stmt.type === 'decorated_definition') {
      const def = stmt.childForFieldName('definition');
      if (def?.type === 'class_definition') readClass(def, stmt.namedChildren.filter((c) => c?.type === 'decorator') as Node[], mod);
    } else if (NESTED_BLOCKS.has(stmt.type)) {
      visitStatements(stmt, mod);
    }
  }
}

function readAssignment(node: Node, mod: PyModule): void {
  const left = node.childForFieldName('left');
  let right = node.childForFieldName('right');
  // `A = B = {…}`: every target gets the innermost value.
  const targets: Node[] = left ? [left] : [];
  while (right?.type === 'assignment') {
    const l = right.childForFieldName('left');
    if (l) targets.push(l);
    right = right.childForFieldName('right');
  }
  if (!right) return;
  for (const target of targets) {
    if (target.type === 'identifier') {
      const a: Assignment = { name: target.text, nameNode: target, value: right };
      mod.assignments.push(a);
      mod.constants.set(a.name, a);
      const nt = namedTupleClass(a, right);
      if (nt) mod.classes.set(nt.name, nt);
    } else if (target.type === 'subscript') {
      const table = target.childForFieldName('value');
      const key = target.childForFieldName('subscript');
      if (table?.type === 'identifier' && key) mod.itemAssignments.push({ table: table.text, key, value: right });
    }
  }
}

function readClass(node: Node, decorators: Node[], mod: PyModule): void {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return;
  const bases: string[] = [];
  let recordType = decorators.some((d) => RECORD_DECORATORS.has(finalName(d.namedChild(0))));
  for (const base of node.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!base || base.type === 'keyword_argument') continue;
    const name = finalName(base);
    if (RECORD_BASES.has(name)) recordType = true;
    if (name) bases.push(name);
  }
  const fields: ClassField[] = [];
  let initParams: ClassField[] | undefined;
  for (const stmt of node.childForFieldName('body')?.namedChildren ?? []) {
    if (stmt?.type === 'expression_statement') {
      const a = stmt.namedChild(0);
      const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
      if (!a || left?.type !== 'identifier') continue;
      const annotated = a.childForFieldName('type') !== null;
      const value = a.childForFieldName('right');
      if (annotated && !value) recordType = true;
      fields.push({ name: left.text, nameNode: left, value, annotated });
    } else if (stmt?.type === 'function_definition' && stmt.childForFieldName('name')?.text === '__init__') {
      initParams = parameterFields(stmt).slice(1);
    }
  }
  const cls: PyClass = { name: nameNode.text, nameNode, node, bases, fields, recordType };
  if (initParams) cls.initParams = initParams;
  mod.classes.set(cls.name, cls);
}

/** `Spec = namedtuple("Spec", "name stack", defaults=(…))`, `NamedTuple("Spec", [("name", str)])`. */
function namedTupleClass(a: Assignment, value: Node): PyClass | undefined {
  if (value.type !== 'call' || !NAMEDTUPLE_FACTORIES.has(finalName(value.childForFieldName('function')))) return undefined;
  const args = value.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => c !== null) ?? [];
  const spec = args[1];
  if (!spec) return undefined;
  let fieldNames: string[];
  let nameNodes: Node[];
  if (spec.type === 'string') {
    // "name stack health_domain": every field points at the one string.
    fieldNames = plainText(spec).split(/[\s,]+/).filter(Boolean);
    nameNodes = fieldNames.map(() => spec);
  } else if (spec.type === 'list' || spec.type === 'tuple') {
    nameNodes = [];
    for (const item of spec.namedChildren) {
      const n = item?.type === 'tuple' ? item.namedChild(0) : item;
      if (n?.type === 'string') nameNodes.push(n);
    }
    fieldNames = nameNodes.map(plainText);
  } else {
    return undefined;
  }
  const fields: ClassField[] = fieldNames.map((name, i) => ({ name, nameNode: nameNodes[i]!, value: null, annotated: true }));
  const defaults = args.find((c) => c.type === 'keyword_argument' && c.childForFieldName('name')?.text === 'defaults')?.childForFieldName('value');
  const defaultNodes = defaults && (defaults.type === 'tuple' || defaults.type === 'list') ? defaults.namedChildren.filter((c): c is Node => c !== null) : [];
  // namedtuple defaults apply to the rightmost fields.
  defaultNodes.forEach((d, i) => {
    const f = fields[fields.length - defaultNodes.length + i];
    if (f) f.value = d;
  });
  return { name: a.name, nameNode: a.nameNode, node: value, bases: [], fields, recordType: true };
}

/** Parameters of a function as fields (name, default); `*args`/`**kw` end the list. */
export function parameterFields(fn: Node): ClassField[] {
  const out: ClassField[] = [];
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'identifier') out.push({ name: p.text, nameNode: p, value: null, annotated: false });
    else if (p.type === 'typed_parameter') {
      const id = p.namedChildren.find((c) => c?.type === 'identifier');
      if (id) out.push({ name: id.text, nameNode: id, value: null, annotated: true });
      else break;
    } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      const name = p.childForFieldName('name');
      if (name) out.push({ name: name.text, nameNode: name, value: p.childForFieldName('value'), annotated: p.type === 'typed_default_parameter' });
    } else if (p.type === 'keyword_separator' || p.type === 'positional_separator') {
      continue;
    } else {
      break;
    }
  }
  return out;
}

/** `a.b.c` → `c`, `f(…)` → f's final name, `x` → `x`; '' for anything else. */
export function finalName(node: Node | null | undefined): string {
  if (!node) return '';
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text ?? '';
  if (node.type === 'call') return finalName(node.childForFieldName('function'));
  return '';
}

function calledNames(root: Node): Set<string> {
  const names = new Set<string>();
  for (const call of root.descendantsOfType('call')) {
    const name = finalName(call?.childForFieldName('function'));
    if (name) names.add(name);
  }
  return names;
}

/** Text of a plain string literal without prefix and quotes (no escapes decoded; used for field names). */
function plainText(node: Node): string {
  return node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
}
