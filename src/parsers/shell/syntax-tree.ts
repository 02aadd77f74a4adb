/**
 * A tree-sitter-bash tree copied into plain objects, once per parsed script.
 *
 * Each read of a web-tree-sitter `Node` (its type, its end, its children, a
 * field) is a call into WebAssembly with the node copied through a transfer
 * buffer, and each child it hands back is a new `Node`: the analyzer reads
 * every node several times, and on a NixOS host of 1,000 `preStart` scripts
 * those calls were most of the shell analysis (bench/README.md, "NixOS
 * evaluation, fourth round"). One cursor walk copies what the analyzer
 * reads; from then on a read is a property. The walk calls the runtime's
 * cursor functions directly when it can (RUNTIME_CURSOR says why), else
 * goes through TreeCursor.
 *
 * `BashNode` answers the part of web-tree-sitter's `Node` the analyzer uses,
 * with the same answers: `children` are the visible children, anonymous ones
 * and extras (comments) included; `childrenForFieldName` reads the cursor's
 * `currentFieldId` of each child, as web-tree-sitter's does;
 * `descendantsOfType` is a document-order walk from the node itself, as
 * web-tree-sitter's. `childForFieldName` is tree-sitter's own
 * (`ts_node_child_by_field_id`), which follows fields through hidden nodes in
 * ways the cursor does not (in `[[ $a = x && $b =~ re ]]` the `&&` node's
 * `left` is `$a`, and its `=~` side has no fields on the cursor): it is asked
 * of the real node, once per node and field, but for the few fields where
 * the two agree by the grammar's rules (FIELDS_DIRECT). Syntax
 * errors are read on the real tree (syntax-errors.ts), asked once per script.
 * The real tree must outlive the copy's use (the analyzer deletes it after).
 */
import type { Language, Node, Tree, TreeCursor } from 'web-tree-sitter';
import { treeSitterRuntime } from './tree-sitter.js';
import type { Word } from './word.js';

/** What the copy shares: the text (for `text`), the grammar's field names, the real tree and its root once asked. */
interface TreeInfo {
  readonly text: string;
  readonly fields: readonly (string | null)[];
  readonly tree: Tree;
  root: Node | undefined;
}

/** A leaf's children, and the field ids of children none of which has a field. */
const NONE: never[] = Object.freeze([]) as unknown as never[];
/** The field ids of children not copied (a node of a type not in FIELDS_COPIED): asked of the real node. */
const NOT_COPIED: never[] = Object.freeze([]) as unknown as never[];

/**
 * The types whose children's fields the copy reads: those the analyzer calls
 * `childrenForFieldName` on (a command's arguments, a loop's or an `if`'s
 * conditions, a `for`'s or a `case` item's values). Any other asks the real
 * node; reading every node's field was a sixth of the copy's calls.
 */
const FIELDS_COPIED: ReadonlySet<string> = new Set(['command', 'while_statement', 'c_style_for_statement', 'for_statement', 'if_statement', 'elif_clause', 'case_item']);

/**
 * Fields `childForFieldName` reads from the copy: in tree-sitter-bash's
 * grammar.js each is written `field(name, $.visible_rule)` directly in the
 * node's rule (`command`: `field('name', $.command_name)`; the loops:
 * `field('body', $.do_group)`, or `$.compound_statement` after `for ((…))`),
 * once, outside any hidden rule or repeat. For such a child
 * `ts_node_child_by_field_id` returns the child itself, and the cursor gives
 * it that field: the two agree. These are the fields asked of every command
 * and loop (a command's name, a loop's body); asking the real node walked
 * down to it from the root, a call into WebAssembly and a new `Node` per step.
 */
const FIELDS_DIRECT: ReadonlyMap<string, string> = new Map([
  ['command', 'name'],
  ['while_statement', 'body'],
  ['for_statement', 'body'],
  ['c_style_for_statement', 'body'],
]);

export class BashNode {
  /** The visible children, in order. */
  children: readonly BashNode[] = NONE;
  /** Each child's field id (0: none), index by index with `children`; empty when no child has one. */
  fieldIds: readonly number[] = NOT_COPIED;
  private namedKids: BashNode[] | undefined = undefined;
  /** web-tree-sitter's node, found when a field is first asked of this node. */
  private real: Node | undefined = undefined;
  /** `childForFieldName` answers so far: field name, answer, … */
  private byField: (string | BashNode | null)[] | undefined = undefined;
  /**
   * A command's words, kept by bash-tree.ts's commandArgv() when no variable
   * can change them (each is written as plain text): a wait loop's command is
   * read for its probe, for its sleeps and again when the walk reaches it.
   * The copy is made per script, so nothing kept here reaches another one.
   */
  argv: readonly Word[] | undefined = undefined;

  constructor(
    private readonly tree: TreeInfo,
    /** Unique in its tree (a pre-order number). */
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly parent: BashNode | null,
    /** Its place among its parent's children. */
    private readonly index: number,
  ) {}

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): readonly BashNode[] {
    if (this.namedKids) return this.namedKids;
    const kids = this.children;
    let n = 0;
    for (let i = 0; i < kids.length; i++) if (kids[i]!.isNamed) n++;
    const named: BashNode[] = n === kids.length ? (kids as BashNode[]) : new Array<BashNode>(n);
    if (named !== kids) for (let i = 0, k = 0; i < kids.length; i++) if (kids[i]!.isNamed) named[k++] = kids[i]!;
    return (this.namedKids = named);
  }

  get childCount(): number {
    return this.children.length;
  }

  get firstChild(): BashNode | null {
    return this.children[0] ?? null;
  }

  child(index: number): BashNode | null {
    return this.children[index] ?? null;
  }

  childForFieldName(name: string): BashNode | null {
    if (FIELDS_DIRECT.get(this.type) === name && this.fieldIds !== NOT_COPIED) {
      const id = this.tree.fields.indexOf(name);
      const ids = this.fieldIds;
      for (let i = 0; i < ids.length; i++) if (ids[i] === id) return this.children[i]!;
      return null;
    }
    const memo = this.byField;
    if (memo) for (let i = 0; i < memo.length; i += 2) if (memo[i] === name) return memo[i + 1] as BashNode | null;
    const r = this.realNode().childForFieldName(name);
    const found = r === null ? null : this.copyOf(r);
    this.byField = memo ? [...memo, name, found] : [name, found];
    return found;
  }

  childrenForFieldName(name: string): BashNode[] {
    if (this.fieldIds === NOT_COPIED) {
      const real = this.realNode().childrenForFieldName(name);
      const copies: BashNode[] = [];
      for (let i = 0; i < real.length; i++) {
        const c = real[i] ? this.copyOf(real[i]!) : null;
        if (c) copies.push(c);
      }
      return copies;
    }
    const id = this.tree.fields.indexOf(name);
    const ids = this.fieldIds;
    let n = 0;
    if (id > 0) for (let i = 0; i < ids.length; i++) if (ids[i] === id) n++;
    const out = new Array<BashNode>(n);
    for (let i = 0, k = 0; k < n; i++) if (ids[i] === id) out[k++] = this.children[i]!;
    return out;
  }

  /** This node and its descendants of type `type`, in document order (web-tree-sitter skips empty nodes at offset 0). */
  descendantsOfType(type: string): BashNode[] {
    const out: BashNode[] = [];
    const stack: BashNode[] = [this];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.endIndex === 0) continue;
      if (n.type === type) out.push(n);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
    return out;
  }

  /**
   * web-tree-sitter's node for this one: down from the nearest ancestor that
   * has its own already, a loop, not a recursion as deep as the tree (a
   * hostile script nests thousands of subshells).
   */
  private realNode(): Node {
    if (this.real) return this.real;
    const down: BashNode[] = [];
    let top: BashNode = this;
    while (!top.real && top.parent !== null) {
      down.push(top);
      top = top.parent;
    }
    let real = (top.real ??= this.tree.root ??= this.tree.tree.rootNode);
    for (let i = down.length - 1; i >= 0; i--) real = down[i]!.real = real.child(down[i]!.index)!;
    return real;
  }

  /**
   * The copy of `r`, a descendant (through hidden nodes and inherited fields,
   * not always a child): found among the descendants starting where it
   * starts, by tree-sitter's node id.
   */
  private copyOf(r: Node): BashNode | null {
    const at = r.startIndex;
    const stack: BashNode[] = [this];
    while (stack.length) {
      const n = stack.pop()!;
      if (n !== this && n.startIndex === at && n.realNode().id === r.id) return n;
      for (let i = n.children.length - 1; i >= 0; i--) {
        const c = n.children[i]!;
        if (c.startIndex <= at && at <= c.endIndex) stack.push(c);
      }
    }
    return null;
  }
}

/**
 * One depth-first walk of a tree's visible nodes, as web-tree-sitter's
 * TreeCursor moves and reads it.
 */
interface Walk {
  typeId(): number;
  start(): number;
  end(): number;
  field(): number;
  first(): boolean;
  next(): boolean;
  up(): boolean;
  done(): void;
}

/** The walk through web-tree-sitter's TreeCursor. */
function cursorWalk(tree: Tree): Walk {
  const cursor: TreeCursor = tree.walk();
  return {
    typeId: () => cursor.nodeTypeId,
    start: () => cursor.startIndex,
    end: () => cursor.endIndex,
    field: () => cursor.currentFieldId,
    first: () => cursor.gotoFirstChild(),
    next: () => cursor.gotoNextSibling(),
    up: () => cursor.gotoParent(),
    done: () => cursor.delete(),
  };
}

/**
 * The runtime's own functions behind TreeCursor's: each reads the cursor
 * from the runtime's transfer buffer, and a move writes it back there.
 * TreeCursor copies its four words into that buffer before every call
 * (`setValue` four times) and back out after every move (`getValue` four
 * times): about two thirds of the copy's time went to those copies, not
 * into WebAssembly. Called directly, the cursor stays in the buffer for the
 * whole walk, which no other call touches meanwhile. The same functions with
 * the same arguments as TreeCursor's (web-tree-sitter 0.25, lib/tree-sitter.c):
 * `tree.walk()` is `_ts_tree_root_node_wasm` then `_ts_tree_cursor_new_wasm`.
 */
const RUNTIME_CURSOR = [
  '_ts_tree_root_node_wasm',
  '_ts_tree_cursor_new_wasm',
  '_ts_tree_cursor_delete_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
] as const;

type RuntimeCursor = Record<(typeof RUNTIME_CURSOR)[number], (tree: number) => number>;

/** The runtime's cursor functions, when it has every one (otherwise the walk goes through TreeCursor). */
function runtimeCursor(): RuntimeCursor | undefined {
  const m = treeSitterRuntime();
  return RUNTIME_CURSOR.every((f) => typeof m[f] === 'function') ? (m as RuntimeCursor) : undefined;
}

/** The walk through the runtime's functions, the cursor kept in its transfer buffer. */
function runtimeWalk(m: RuntimeCursor, tree: number): Walk {
  m._ts_tree_root_node_wasm(tree);
  m._ts_tree_cursor_new_wasm(tree);
  return {
    typeId: () => m._ts_tree_cursor_current_node_type_id_wasm(tree),
    start: () => m._ts_tree_cursor_start_index_wasm(tree),
    end: () => m._ts_tree_cursor_end_index_wasm(tree),
    field: () => m._ts_tree_cursor_current_field_id_wasm(tree),
    first: () => m._ts_tree_cursor_goto_first_child_wasm(tree) === 1,
    next: () => m._ts_tree_cursor_goto_next_sibling_wasm(tree) === 1,
    up: () => m._ts_tree_cursor_goto_parent_wasm(tree) === 1,
    done: () => m._ts_tree_cursor_delete_wasm(tree),
  };
}

/** Whether a type id names a named node, per grammar: asked of the grammar once per type id in a process. */
const namedTypes = new WeakMap<Language, boolean[]>();

/**
 * At each depth of the walk, the node whose children are being read, with them
 * and their fields so far (the first `count` of each): made once per process
 * (a copy is never started inside another), not once per script. What a script
 * leaves there is overwritten by the next.
 */
const scratch = { open: [] as BashNode[], kids: [] as BashNode[][], fields: [] as number[][], count: [] as number[] };

/**
 * Copies `tree` (parsed from `text`). Calls into WebAssembly per node: its
 * type, field, start and end, and the moves; through TreeCursor when
 * `through` says so (the differential test reads both ways).
 */
export function copyTree(tree: Tree, text: string, through: 'runtime' | 'cursor' = 'runtime'): BashNode {
  const language = tree.language;
  const types = language.types;
  const info: TreeInfo = { text, fields: language.fields, tree, root: undefined };
  let namedByType = namedTypes.get(language);
  if (!namedByType) namedTypes.set(language, (namedByType = []));
  const runtime = through === 'runtime' ? runtimeCursor() : undefined;
  const address = (tree as unknown as { 0?: unknown })[0];
  const walk = runtime && typeof address === 'number' ? runtimeWalk(runtime, address) : cursorWalk(tree);
  let next = 0;
  const { open, kids, fields, count } = scratch;
  const make = (parent: BashNode | null, index: number): BashNode => {
    const typeId = walk.typeId();
    const named = (namedByType[typeId] ??= language.nodeTypeIsNamed(typeId));
    return new BashNode(info, next++, types[typeId] || 'ERROR', named, walk.start(), walk.end(), parent, index);
  };
  /** The children of the node at `depth` are all read: they go into it at their exact size. */
  const close = (depth: number): void => {
    const node = open[depth]!;
    const n = count[depth]!;
    node.children = kids[depth]!.slice(0, n);
    if (!FIELDS_COPIED.has(node.type)) return;
    node.fieldIds = NONE;
    const f = fields[depth]!;
    for (let i = 0; i < n; i++) {
      if (f[i] === 0) continue;
      node.fieldIds = f.slice(0, n);
      break;
    }
  };
  try {
    const root = make(null, 0);
    if (!walk.first()) return root;
    open[0] = root;
    kids[0] ??= [];
    fields[0] ??= [];
    count[0] = 0;
    let depth = 0;
    for (;;) {
      const field = FIELDS_COPIED.has(open[depth]!.type) ? walk.field() : 0;
      const k = count[depth]!;
      const n = make(open[depth]!, k);
      kids[depth]![k] = n;
      fields[depth]![k] = field;
      count[depth] = k + 1;
      // An anonymous node is a token (tree-sitter-bash aliases only tokens to anonymous names): no children to look for.
      if (n.isNamed && walk.first()) {
        depth++;
        open[depth] = n;
        kids[depth] ??= [];
        fields[depth] ??= [];
        count[depth] = 0;
        continue;
      }
      while (!walk.next()) {
        close(depth);
        if (depth === 0) return root;
        walk.up();
        depth--;
      }
    }
  } finally {
    walk.done();
  }
}
