/**
 * A small Nix text that builds every node kind with varied children: empty and
 * non-empty arrays, null and non-null optional fields, several node kinds in
 * each expression field.
 *
 * Why: V8 tracks the type of each object field and compiles optimised code
 * against it. When a parse meets a new combination (the first empty list, the
 * first `or` default) after the parser was optimised, V8 widens the field type
 * and throws away all dependent optimised code at once: a recompilation storm
 * that made a cold 3 MB run ~15% slower. Parsing this text once at load time
 * (in the interpreter, ~2 ms) widens most of those field types before anything
 * is optimised. It must stay small: a long primer gets the parser optimised on
 * its own shapes, which brings the storms back.
 */
export const PRIMER = `# primer
/* block */
{ a, b ? 1, ... }@args: x: { c }: args: { }: { ... }:
let
  inherit a;
  inherit (b) c "d";
  e = "";
  f = "s\\n";
  g = "\${a}";
  h = "x\${a}y";
  i = '''';
  j = ''
    line \${a}
    ''$ ''' ''\\t
  '';
  k = ./p;
  l = ./p/\${a}.nix;
  m = ~/h;
  n = <nixpkgs>;
  o = http://x.org/y;
  p = [ ];
  q = [ 1 a "s" 1.5 ];
  r = { };
  s = rec { t.u = 1; t.v = [ ]; inherit w; inherit (y) z; \${a} = 2; "q" = 3; };
  t = let { body = 1; };
  u = a.b.c;
  v = a.\${b}."c" or null;
  v2 = a.b or "s";
  w = a ? b;
  x = a ? b.\${c};
  y = f a b c;
  z = f or;
  aa = with a; b;
  bb = assert a; b;
  cc = if a then b else c;
  dd = !a;
  ee = -a;
  ff = a + b - c * d / e ++ f // g;
  gg = a == b || c != d && e < f || g <= h -> i > j || k >= l;
  hh = (a);
  ii = (f x) y;
  jj = [ (x: x) { } [ ] "a" ];
  kk = { a = 1; } // { b = [ "x" ]; c = (y: y); };
  ll = a: b;
  mm = { a ? { }, b ? [ ], c }: c;
in
[ a b 1 "x" (f x) { inherit a; } ]
`;
