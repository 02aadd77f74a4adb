/**
 * How a reconcile script is driven: where it takes the spec name from the
 * command line (so `warm_reconcile.py traefik` can be tied to spec "traefik"),
 * and the literal default timeout of its health-gate function (what a spec
 * without its own timeout waits for).
 */
import type { Node } from 'web-tree-sitter';
import type { Located, Span } from '../../model/span.js';
import { fieldRole, normalizeFieldName, type SpecVocabulary } from '../spec/vocabulary.js';
import { finalName, parameterFields } from './module.js';
import type { PyEvaluator } from './values.js';

// Argument names that usually carry the spec, best first.
const SPEC_ARG_NAME = /spec|stack|name|service|target|component|app/i;
const GATE_FUNCTION_NAME = /health|wait|ready|gate|probe|poll/i;

export function findSpecArg(root: Node, ev: PyEvaluator): Span | undefined {
  const argvFromImport = importsArgv(root);
  for (const sub of root.descendantsOfType('subscript')) {
    if (!sub) continue;
    const value = sub.childForFieldName('value');
    const index = sub.childForFieldName('subscript');
    const isArgv = value?.type === 'attribute'
      ? value.childForFieldName('object')?.text === 'sys' && value.childForFieldName('attribute')?.text === 'argv'
      : argvFromImport && value?.type === 'identifier' && value.text === 'argv';
    if (isArgv && index && readsFirstArgument(index, ev)) return ev.span(sub);
  }
  return cliArgument(root, ev);
}

/** `argv[1]`, or a slice `argv[1:]` that starts there. */
function readsFirstArgument(index: Node, ev: PyEvaluator): boolean {
  if (index.type === 'slice') {
    const first = index.child(0);
    return first !== null && first.type !== ':' && ev.number(first) === 1;
  }
  return ev.number(index) === 1;
}

function importsArgv(root: Node): boolean {
  return root.descendantsOfType('import_from_statement').some(
    (s) => s?.childForFieldName('module_name')?.text === 'sys' && s.descendantsOfType('identifier').some((i) => i?.text === 'argv'),
  );
}

interface CliArg {
  name: string;
  literal: Node;
  positional: boolean;
}

/** argparse `add_argument("stack")` / `--stack`, click `@click.argument("stack")` / `@click.option("--stack")`. */
function cliArgument(root: Node, ev: PyEvaluator): Span | undefined {
  const args: CliArg[] = [];
  for (const call of root.descendantsOfType('call')) {
    const fn = call?.childForFieldName('function');
    if (!call || fn?.type !== 'attribute') continue;
    const method = finalName(fn);
    const isClick = fn.childForFieldName('object')?.text === 'click' && (method === 'argument' || method === 'option');
    if (method !== 'add_argument' && !isClick) continue;
    const strings = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c?.type === 'string');
    const positional = strings.find((s) => !(ev.string(s) ?? '-').startsWith('-'));
    if (positional) {
      args.push({ name: ev.string(positional) ?? '', literal: positional, positional: true });
      continue;
    }
    const long = strings.find((s) => (ev.string(s) ?? '').startsWith('--'));
    if (long) args.push({ name: ev.string(long) ?? '', literal: long, positional: false });
  }
  const best =
    args.find((a) => a.positional && SPEC_ARG_NAME.test(a.name)) ??
    args.find((a) => a.positional) ??
    args.find((a) => SPEC_ARG_NAME.test(a.name));
  return best ? ev.span(best.literal) : undefined;
}

/**
 * The gate function's literal timeout default. A function counts when it takes a
 * timeout-vocabulary parameter with a number default; one that the script calls
 * with a gate field (`wait_healthy(spec.health_url)`) beats one that only has a
 * gate-like name.
 */
export function findGateDefaultTimeout(root: Node, ev: PyEvaluator, vocab: SpecVocabulary): Located<number> | undefined {
  const gateCalls = calledWithGateField(root, vocab);
  let byName: Located<number> | undefined;
  for (const fn of root.descendantsOfType('function_definition')) {
    const name = fn?.childForFieldName('name')?.text;
    if (!fn || !name) continue;
    const timeout = parameterFields(fn).find((p) => p.value && fieldRole(p.name, vocab) === 'timeout');
    const seconds = timeout?.value ? ev.number(timeout.value) : undefined;
    if (!timeout?.value || seconds === undefined || seconds <= 0) continue;
    const found = { value: seconds, span: ev.span(timeout.value) };
    if (gateCalls.has(name)) return found;
    if (!byName && GATE_FUNCTION_NAME.test(name)) byName = found;
  }
  return byName;
}

/** Names of functions called with an argument that reads a gate field (`spec.health_domain`, `spec["health_url"]`). */
function calledWithGateField(root: Node, vocab: SpecVocabulary): Set<string> {
  const gateNames = new Set(vocab.gate.map(normalizeFieldName));
  const names = new Set<string>();
  for (const call of root.descendantsOfType('call')) {
    if (!call) continue;
    const args = call.childForFieldName('arguments');
    const readsGate = (args?.descendantsOfType(['attribute', 'subscript', 'call']) ?? []).some((n) => {
      if (!n) return false;
      const key =
        n.type === 'attribute' ? n.childForFieldName('attribute')?.text
        : n.type === 'subscript' ? stringKey(n.childForFieldName('subscript'))
        : finalName(n) === 'get' ? stringKey(n.childForFieldName('arguments')?.namedChild(0) ?? null)
        : undefined;
      return key !== undefined && gateNames.has(normalizeFieldName(key));
    });
    const name = finalName(call.childForFieldName('function'));
    if (readsGate && name) names.add(name);
  }
  return names;
}

function stringKey(node: Node | null): string | undefined {
  if (node?.type !== 'string') return undefined;
  return node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
}
