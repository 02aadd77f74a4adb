/**
 * The Nix language front end: parse (exact spans, comments, Nix 2.8's
 * errors), lower to what Nix builds, print as `nix-instantiate --parse` does.
 */
export type * from './ast.js';
export { parseNix, DEFAULT_MAX_DEPTH, PARSE_ERROR_RULE, type ParseOptions, type ParseResult } from './parser.js';
export { printNix, showId, showString, type PrintOptions } from './print.js';
export { lower, lowerChecked, type IR, type IRAttrName, type IRAttrs, type IRAttrDef, type IRDynamicAttr, type IRFormals } from './lower.js';
export { NixSemanticError } from './check.js';
export { constantString, staticAttrName, stripIndentation, unparen } from './strings.js';
export { NixSymbolTable } from './symbol-order.js';
export { tokenize, type TokenStream } from './lexer.js';
export { utf8Offset } from './positions.js';
