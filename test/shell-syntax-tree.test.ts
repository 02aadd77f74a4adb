import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { copyTree, type BashNode } from '../src/parsers/shell/syntax-tree.js';
import { createParser, loadGrammar, treeSitterRuntime } from '../src/parsers/shell/tree-sitter.js';

/** Scripts whose trees exercise what the copy must answer like web-tree-sitter: fields through hidden nodes, extras, errors, UTF-16. */
const SCRIPTS = [
  'echo hi',
  'until curl -fsS http://localhost:8080/health; do\n  sleep 1 # wait\ndone\n',
  'if [[ $a = x && $b =~ ^re$ ]]; then exit 0; fi',
  // ts_node_child_by_field_id gives `[[ … ]]` itself a `left`, `operator` and `right`: its comparison's.
  "[[ $x = ' ' ]] && [[ ${L[@]: -1} = ' ' ]]",
  'for i in $(seq 1 30); do nc -z db 5432 && break; sleep 2; done',
  'f() { local x=$1; shift; echo "${x:-d}" "$@"; }\nf a b\ncase $1 in start) f;; *) :;; esac',
  'FOO=bar BAZ="q $(date)" cmd --x=1 2>/dev/null | tee log; export A=1 B',
  'while (( n < 10 )); do n=$((n+1)); done',
  'echo "é ü 😀 ${x}" $(foo',
  'for x in; do',
  // Deep enough for the cursor's stack to grow while it is kept in the runtime's buffer.
  `${'( '.repeat(40)}echo deep${' )'.repeat(40)}; for ((i = 0; i < 3; i++)) { sleep 1; }; for v in a b; do :; done`,
  'if then fi',
  '',
];

/** Compares the copy with the real tree node by node: everything the analyzer reads. */
function same(copy: BashNode, real: Node, realOf: Map<BashNode, Node>, fields: string[]): void {
  expect([copy.type, copy.startIndex, copy.endIndex, copy.isNamed, copy.text]).toEqual([real.type, real.startIndex, real.endIndex, real.isNamed, real.text]);
  expect(copy.children.map((c) => realOf.get(c)!.id)).toEqual(real.children.map((c) => c!.id));
  expect(copy.namedChildren.map((c) => realOf.get(c)!.id)).toEqual(real.namedChildren.map((c) => c!.id));
  expect(copy.parent ? realOf.get(copy.parent)!.id : null).toBe(real.parent?.id ?? null);
  for (const f of fields) {
    const one = copy.childForFieldName(f);
    expect(one ? realOf.get(one)!.id : null).toBe(real.childForFieldName(f)?.id ?? null);
    expect(copy.childrenForFieldName(f).map((c) => realOf.get(c)!.id)).toEqual(real.childrenForFieldName(f).map((c) => c!.id));
  }
  expect(copy.descendantsOfType('command').map((c) => realOf.get(c)!.id)).toEqual(real.descendantsOfType('command').map((c) => c!.id));
  copy.children.forEach((c, i) => same(c, real.children[i]!, realOf, fields));
}

describe('copyTree', () => {
  it('walks through the runtime\'s own cursor functions when web-tree-sitter has them', async () => {
    await loadGrammar('tree-sitter-bash');
    const runtime = treeSitterRuntime();
    for (const f of ['_ts_tree_cursor_new_wasm', '_ts_tree_cursor_goto_first_child_wasm', '_ts_tree_cursor_end_index_wasm', '_ts_tree_cursor_delete_wasm']) {
      expect(typeof runtime[f]).toBe('function');
    }
  });

  it.each(['runtime', 'cursor'] as const)('answers every question the shell analyzer asks as web-tree-sitter does (walked through the %s)', async (through) => {
    const parser = createParser(await loadGrammar('tree-sitter-bash'));
    const fields = parser.language!.fields.filter((f): f is string => f !== null);
    let fieldAnswers = 0;
    for (const text of SCRIPTS) {
      const tree = parser.parse(text)!;
      const copy = copyTree(tree, text, through);
      const realOf = new Map<BashNode, Node>();
      const pair = (c: BashNode, r: Node): void => {
        realOf.set(c, r);
        expect(c.children.length).toBe(r.children.length);
        c.children.forEach((k, i) => pair(k, r.children[i]!));
      };
      pair(copy, tree.rootNode);
      same(copy, tree.rootNode, realOf, fields);
      realOf.forEach((r) => {
        for (const f of fields) if (r.childForFieldName(f)) fieldAnswers++;
      });
      tree.delete();
    }
    expect(fieldAnswers).toBeGreaterThan(50);
  });

  it('asks a field of a node nested 20,000 deep of the real tree without a recursion that deep', async () => {
    const parser = createParser(await loadGrammar('tree-sitter-bash'));
    const text = `${'( '.repeat(20_000)}x=1${' )'.repeat(20_000)}`;
    const tree = parser.parse(text)!;
    const assignment = copyTree(tree, text).descendantsOfType('variable_assignment')[0]!;
    // `value` is not read from the copy (FIELDS_DIRECT): the real node is found from the root down.
    expect(assignment.childForFieldName('value')?.text).toBe('1');
    expect(assignment.childForFieldName('name')?.text).toBe('x');
    tree.delete();
  });

  it('finds a field through a hidden node, where it is not a child', async () => {
    const parser = createParser(await loadGrammar('tree-sitter-bash'));
    const text = "[[ $x = ' ' ]]";
    const tree = parser.parse(text)!;
    const test = copyTree(tree, text).descendantsOfType('test_command')[0]!;
    const left = test.childForFieldName('left')!;
    expect([left.type, left.text, left.parent?.type]).toEqual(['simple_expansion', '$x', 'binary_expression']);
    expect(test.childForFieldName('operator')?.text).toBe('=');
    expect(test.childrenForFieldName('left')).toEqual([]);
    tree.delete();
  });
});
