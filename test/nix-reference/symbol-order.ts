/**
 * The order in which Nix 2.8 prints `let` bindings and lambda formals.
 *
 * Nix 2.8 keeps both in a std::map / sort keyed by Symbol, and Symbol's
 * operator< compares the addresses of interned strings. So the printed order is
 * heap-address order: the symbols Nix creates at start-up come first (in the
 * order measured below), then the parse's new symbols roughly in creation order
 * (a few may land in freed heap holes earlier than that, which no model can
 * predict; the differential test records those as an explicit, normalised
 * disagreement).
 *
 * Creation order is Nix's parser reduction order: a name is interned when the
 * grammar rule holding it is reduced (a variable when read; an attribute name
 * when its attrpath is; a formal after its default; a lambda's argument after
 * the lambda's body).
 */
import type { AttrName, Binding, Expr } from '../../src/parsers/nix/syntax/ast.js';
import { staticAttrName } from '../../src/parsers/nix/syntax/strings.js';

/**
 * Identifiers interned by `nix-instantiate` 2.8.0 (Debian nix-bin) before it
 * parses its input, in address order. Measured by parsing one `let` binding
 * every builtin name (plus a never-seen sentinel first) and reading the order
 * Nix prints; the symbols of the built-in derivation.nix (`x`, `drvAttrs`, …)
 * sit after heap holes and are treated as new.
 */
export const NIX_INITIAL_SYMBOLS: readonly string[] = [
  'meta', 'name', 'value', 'system', '__overrides', 'outputs', 'outputName', '__ignoreNulls', 'file', 'line',
  'column', 'outPath', 'drvPath', 'type', '__functor', '__toString', 'right', 'wrong', '__structuredAttrs',
  'builder', 'args', '__contentAddressed', '__impure', 'outputHash', 'outputHashAlgo', 'outputHashMode',
  'recurseForDerivations', 'description', 'self', '', 'startSet', 'operator', 'key', 'path', 'prefix',
  'builtins', 'true', 'false', 'null', '__currentTime', 'currentTime', '__currentSystem', 'currentSystem',
  '__nixVersion', 'nixVersion', '__storeDir', 'storeDir', '__langVersion', 'langVersion', '__nixPath',
  'nixPath', 'scopedImport', 'import', '__typeOf', 'typeOf', 'isNull', '__isFunction', 'isFunction',
  '__isInt', 'isInt', '__isFloat', 'isFloat', '__isString', 'isString', '__isBool', 'isBool', '__isPath',
  'isPath', '__genericClosure', 'genericClosure', 'abort', 'throw', '__addErrorContext', 'addErrorContext',
  '__ceil', 'ceil', '__floor', 'floor', '__tryEval', 'tryEval', '__getEnv', 'getEnv', '__seq', 'seq',
  '__deepSeq', 'deepSeq', '__trace', 'trace', 'derivationStrict', 'placeholder', '__toPath', 'toPath',
  '__storePath', 'storePath', '__pathExists', 'pathExists', 'baseNameOf', 'dirOf', '__readFile', 'readFile',
  '__findFile', 'findFile', '__hashFile', 'hashFile', '__readDir', 'readDir', '__toXML', 'toXML', '__toJSON',
  'toJSON', '__fromJSON', 'fromJSON', '__toFile', 'toFile', '__filterSource', 'filterSource', '__path',
  '__attrNames', 'attrNames', '__attrValues', 'attrValues', '__getAttr', 'getAttr', '__unsafeGetAttrPos',
  'unsafeGetAttrPos', '__hasAttr', 'hasAttr', '__scopedImport', '__isAttrs', 'isAttrs', 'removeAttrs',
  '__listToAttrs', 'listToAttrs', '__intersectAttrs', 'intersectAttrs', '__catAttrs', 'catAttrs',
  '__functionArgs', 'functionArgs', '__mapAttrs', 'mapAttrs', '__zipAttrsWith', 'zipAttrsWith', '__isList',
  'isList', '__elemAt', 'elemAt', '__head', 'head', '__tail', 'tail', 'map', '__filter', 'filter', '__elem',
  'elem', '__concatLists', 'concatLists', '__length', 'length', "__foldl'", "foldl'", '__any', 'any',
  '__all', 'all', '__genList', 'genList', '__sort', 'sort', '__partition', 'partition', '__groupBy',
  'groupBy', '__concatMap', 'concatMap', '__add', 'add', '__sub', 'sub', '__mul', 'mul', '__div', 'div',
  '__bitAnd', 'bitAnd', '__bitOr', 'bitOr', '__bitXor', 'bitXor', '__lessThan', 'lessThan', 'toString',
  '__substring', 'substring', '__stringLength', 'stringLength', '__hashString', 'hashString', '__match',
  'match', '__split', 'split', '__concatStringsSep', 'concatStringsSep', '__replaceStrings',
  'replaceStrings', '__parseDrvName', 'parseDrvName', '__compareVersions', 'compareVersions',
  '__splitVersion', 'splitVersion', '__unsafeDiscardStringContext', 'unsafeDiscardStringContext',
  '__hasContext', 'hasContext', '__unsafeDiscardOutputDependency', 'unsafeDiscardOutputDependency',
  '__getContext', 'getContext', '__appendContext', 'appendContext', 'fetchMercurial', 'fetchTree',
  '__fetchurl', 'fetchurl', 'fetchTarball', 'fetchGit', 'fromTOML', 'derivation',
];

const INITIAL_RANK = new Map<string, number>(NIX_INITIAL_SYMBOLS.map((s, i) => [s, i]));

/**
 * Nix's symbol table as far as ordering goes: start-up symbols first, then
 * names in the order they are interned. One table per Nix process: when one
 * `nix-instantiate` parses several files, each file sees the names the
 * earlier ones interned.
 */
export class NixSymbolTable {
  private readonly ranks = new Map<string, number>();
  private next = NIX_INITIAL_SYMBOLS.length;

  intern(name: string): void {
    if (!this.ranks.has(name)) this.ranks.set(name, INITIAL_RANK.get(name) ?? this.next++);
  }

  rank(name: string): number {
    return this.ranks.get(name) ?? INITIAL_RANK.get(name) ?? Number.MAX_SAFE_INTEGER;
  }
}

/** Interns every name of a tree in Nix's parser reduction order. */
export function internAll(ast: Expr, table: NixSymbolTable): void {
  const touch = (name: string): void => table.intern(name);
  const visitName = (a: AttrName): void => {
    if (a.kind === 'StringAttr') visit(a.str);
    else if (a.kind === 'DynamicAttr') visit(a.expr);
    const s = staticAttrName(a);
    if (s !== null) touch(s);
  };
  const visitBindings = (bindings: readonly Binding[]): void => {
    for (const b of bindings) {
      if (b.kind === 'AttrDef') {
        for (const a of b.path) visitName(a);
        visit(b.value);
      } else {
        if (b.from !== null) visit(b.from);
        for (const a of b.names) visitName(a);
      }
    }
  };
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'Var':
        if (e.name !== '__curPos') touch(e.name);
        return;
      case 'Int':
      case 'Float':
      case 'Uri':
      case 'SearchPath':
        return;
      case 'String':
      case 'Path':
        for (const p of e.parts) if (p.kind === 'Interp') visit(p.expr);
        return;
      case 'IndString':
        for (const p of e.parts) if (p.kind === 'Interp') visit(p.expr);
        return;
      case 'Select':
        visit(e.expr);
        for (const a of e.path) visitName(a);
        if (e.default !== null) visit(e.default);
        return;
      case 'HasAttr':
        visit(e.expr);
        for (const a of e.path) visitName(a);
        return;
      case 'Apply':
        visit(e.fn);
        visit(e.arg);
        return;
      case 'Lambda':
        if (e.formals !== null) {
          for (const f of e.formals.entries) {
            if (f.default !== null) visit(f.default);
            touch(f.name.name);
          }
        }
        visit(e.body);
        if (e.arg !== null) touch(e.arg.name);
        return;
      case 'Let':
        visitBindings(e.bindings);
        visit(e.body);
        return;
      case 'LegacyLet':
        visitBindings(e.bindings);
        touch('body');
        return;
      case 'AttrSet':
        visitBindings(e.bindings);
        return;
      case 'List':
        for (const x of e.elems) visit(x);
        return;
      case 'With':
        visit(e.env);
        visit(e.body);
        return;
      case 'Assert':
        visit(e.cond);
        visit(e.body);
        return;
      case 'If':
        visit(e.cond);
        visit(e.then);
        visit(e.else);
        return;
      case 'Not':
      case 'Negate':
      case 'Paren':
        visit(e.expr);
        return;
      case 'BinaryOp':
        visit(e.lhs);
        visit(e.rhs);
        return;
    }
  };
  visit(ast);
}
