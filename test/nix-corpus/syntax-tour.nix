/* Every syntax form in one (valid) file. */
let
  a = 1; b = 2.5; c = .5; d = 1.5e-3; big = 9223372036854775807;
  app = x: x;
  e10 = "e10";
  quirk = app 1e10;            # `1` applied to `e10`
  s = "tab\there \"quoted\" \${not} $${literal} ${toString a}";
  ind = ''
    line one
      indented ''${x} '''quoted''' ''\t tab
    $HOME and ${s}
  '';
  paths = [ ./rel ../up /abs/file ~/home ./a/${e10}.nix ./. ];
  search = <nixpkgs/lib>;
  uri = https://example.org/?q=1&r=2;
  inherit (builtins) map filter;
  set = rec { x = 1; y = x + 1; "quoted key" = 3; ${e10} = 4; a.b.c = 5; a.b.d = 6; };
  legacy = let { body = inner; inner = 7; };
  ops = [ (a + b) (a - b) (a * b) (a / b) (-a) (!true) (a < b) (a <= b) (a > b) (a >= b)
          (a == b) (a != b) (true && false) (true || false) (true -> false) ([ 1 ] ++ [ 2 ])
          ({ } // { }) (set ? x) (set ? a.b.c) (set.a.b.c or 0) (set.missing or "default") ];
  fns = [ ({ x, y ? 2, ... }: x + y) (args@{ x, ... }: args) ({ x }@args: x) ({ }: 0) ({ ... }: 0) ];
  orCall = map or [ ];
  assertion = assert a < b; "ok";
  withed = with set; x + y;
  cond = if a > b then "gt" else if a == b then "eq" else "lt";
in
{ inherit a b c d big quirk s ind paths search uri set legacy ops fns orCall assertion withed cond; }
