/**
 * Token kinds of the Nix lexer (plain numeric constants: they live in a
 * Uint8Array and V8 inlines them). The set mirrors Nix's flex lexer, including
 * its PATH_END marker token after every path.
 */

export const EOF = 0;
export const ID = 1;
export const INT = 2;
export const FLOAT = 3;
/** `./a`, `a/b`, `/a`, or the segment before a path's first `${`. */
export const PATH = 4;
/** `~/a` or `~/` before `${`. */
export const HPATH = 5;
/** `<nixpkgs/lib>`. */
export const SPATH = 6;
export const URI = 7;
/** A literal run inside `"…"` or inside a path after an interpolation. */
export const STR = 8;
/** A plain-text run inside `''…''` (subject to indentation stripping). */
export const IND_STR = 9;
/** An escape inside `''…''` (`'''`, `''$`, `''\x`, a lone `$` or `'`). */
export const IND_ESC = 10;
/** Zero-width marker: the path that started with PATH/HPATH ends here. */
export const PATH_END = 11;
export const DOLLAR_CURLY = 12;
export const IND_OPEN = 13;
export const IND_CLOSE = 14;
export const DQUOTE = 15;

export const IF = 16;
export const THEN = 17;
export const ELSE = 18;
export const ASSERT = 19;
export const WITH = 20;
export const LET = 21;
export const IN = 22;
export const REC = 23;
export const INHERIT = 24;
export const OR_KW = 25;
export const ELLIPSIS = 26;

export const EQ = 27;
export const NEQ = 28;
export const LEQ = 29;
export const GEQ = 30;
export const AND = 31;
export const OR = 32;
export const IMPL = 33;
export const UPDATE = 34;
export const CONCAT = 35;
export const PIPE_FROM = 36; // |>
export const PIPE_INTO = 37; // <|

export const LBRACE = 38;
export const RBRACE = 39;
export const LPAREN = 40;
export const RPAREN = 41;
export const LBRACK = 42;
export const RBRACK = 43;
export const SEMI = 44;
export const COLON = 45;
export const COMMA = 46;
export const AT = 47;
export const QUESTION = 48;
export const DOT = 49;
export const ASSIGN = 50;
export const LT = 51;
export const GT = 52;
export const PLUS = 53;
export const MINUS = 54;
export const STAR = 55;
export const SLASH = 56;
export const BANG = 57;
/** Any other character (`&`, `|`, `~`, `$`, `'`, non-ASCII, …): always a syntax error. */
export const OTHER = 58;
/** A lexical error Nix's lexer throws (bad number, trailing slash, …); the message is the token value. */
export const ERROR = 59;

const NAMES: string[] = [];
NAMES[EOF] = 'end of file';
NAMES[ID] = 'identifier';
NAMES[INT] = 'integer';
NAMES[FLOAT] = 'float';
NAMES[PATH] = 'path';
NAMES[HPATH] = 'path';
NAMES[SPATH] = 'search path';
NAMES[URI] = 'URI';
NAMES[STR] = 'string text';
NAMES[IND_STR] = 'string text';
NAMES[IND_ESC] = 'string escape';
NAMES[PATH_END] = 'end of path';
NAMES[DOLLAR_CURLY] = "'${'";
NAMES[IND_OPEN] = "\"''\"";
NAMES[IND_CLOSE] = "\"''\"";
NAMES[DQUOTE] = `'"'`;
NAMES[IF] = "'if'";
NAMES[THEN] = "'then'";
NAMES[ELSE] = "'else'";
NAMES[ASSERT] = "'assert'";
NAMES[WITH] = "'with'";
NAMES[LET] = "'let'";
NAMES[IN] = "'in'";
NAMES[REC] = "'rec'";
NAMES[INHERIT] = "'inherit'";
NAMES[OR_KW] = "'or'";
NAMES[ELLIPSIS] = "'...'";
NAMES[EQ] = "'=='";
NAMES[NEQ] = "'!='";
NAMES[LEQ] = "'<='";
NAMES[GEQ] = "'>='";
NAMES[AND] = "'&&'";
NAMES[OR] = "'||'";
NAMES[IMPL] = "'->'";
NAMES[UPDATE] = "'//'";
NAMES[CONCAT] = "'++'";
NAMES[PIPE_FROM] = "'|>'";
NAMES[PIPE_INTO] = "'<|'";
NAMES[LBRACE] = "'{'";
NAMES[RBRACE] = "'}'";
NAMES[LPAREN] = "'('";
NAMES[RPAREN] = "')'";
NAMES[LBRACK] = "'['";
NAMES[RBRACK] = "']'";
NAMES[SEMI] = "';'";
NAMES[COLON] = "':'";
NAMES[COMMA] = "','";
NAMES[AT] = "'@'";
NAMES[QUESTION] = "'?'";
NAMES[DOT] = "'.'";
NAMES[ASSIGN] = "'='";
NAMES[LT] = "'<'";
NAMES[GT] = "'>'";
NAMES[PLUS] = "'+'";
NAMES[MINUS] = "'-'";
NAMES[STAR] = "'*'";
NAMES[SLASH] = "'/'";
NAMES[BANG] = "'!'";
NAMES[OTHER] = 'character';
NAMES[ERROR] = 'error';

/** How a token kind is named in messages ("expected ';', found '}'"). */
export function tokenKindName(kind: number): string {
  return NAMES[kind] ?? `token ${kind}`;
}
