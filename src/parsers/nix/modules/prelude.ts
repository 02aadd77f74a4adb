/**
 * The `lib` the evaluator gives to modules, written in Nix (the same
 * definitions nixpkgs' lib documents, in their simplest correct form) and
 * evaluated by our own evaluator. A few functions are native (`native.*`):
 * those that must keep spans (`filterAttrs`) or must work on packages, which
 * are unknown here (`getOutput`, `getExe`). Module-system markers (`mkIf`,
 * `mkMerge`, `mkOverride`, `mkOrder`, `mkOption`, `types.*`) are the plain
 * attribute sets nixpkgs uses, so user code that inspects them still works.
 */
export const PRELUDE_FILE = '<deploy-lint/lib.nix>';

export const PRELUDE = String.raw`{ builtins, native }:
let
  inherit (builtins) attrNames attrValues hasAttr getAttr listToAttrs mapAttrs isAttrs isList isString
    isInt isBool head tail length elem elemAt filter map genList concatLists concatMap
    concatStringsSep replaceStrings substring stringLength toString typeOf match split removeAttrs
    intersectAttrs catAttrs any all sort partition zipAttrsWith;
  foldl' = builtins."foldl'";
in
rec {
  # ---- trivial ----------------------------------------------------------------
  id = x: x;
  const = x: y: x;
  flip = f: a: b: f b a;
  pipe = val: functions: foldl' (x: f: f x) val functions;
  concat = x: y: x ++ y;
  and = x: y: x && y;
  xor = x: y: (!x) != (!y);
  boolToString = b: if b then "true" else "false";
  mod = base: int: base - (int * (builtins.div base int));
  min = x: y: if x < y then x else y;
  max = x: y: if x > y then x else y;
  warn = msg: v: v;
  warnIf = cond: msg: v: v;
  warnIfNot = cond: msg: v: v;
  throwIf = cond: msg: v: if cond then throw msg else v;
  throwIfNot = cond: msg: v: if cond then v else throw msg;
  assertMsg = pred: msg: pred || throw msg;
  assertOneOf = name: val: xs: elem val xs || throw "\${name} must be one of the allowed values";
  trace = builtins.trace;
  traceVal = x: x;
  traceSeq = a: b: b;
  traceIf = pred: msg: x: x;
  seq = builtins.seq;
  deepSeq = builtins.deepSeq;
  isFunction = f: builtins.isFunction f || (f ? __functor && isFunction (f.__functor f));
  functionArgs = f: if f ? __functor then f.__functionArgs or (functionArgs (f.__functor f)) else builtins.functionArgs f;
  setFunctionArgs = f: args: { __functor = self: f; __functionArgs = args; };
  versionOlder = v1: v2: builtins.compareVersions v2 v1 == 1;
  versionAtLeast = v1: v2: !(versionOlder v1 v2);
  toInt = s:
    let m = match "[[:space:]]*(-?[0-9]+)[[:space:]]*" s;
    in if m == null then throw "Could not convert \${s} to int." else builtins.fromJSON (head m);
  inNixShell = false;
  fix = f: let x = f x; in x;
  extends = f: rattrs: self: let super = rattrs self; in super // f self super;
  defaultTo = default: maybeValue: if maybeValue != null then maybeValue else default;

  # ---- lists -------------------------------------------------------------------
  singleton = x: [ x ];
  forEach = xs: f: map f xs;
  # Folds as loops over builtins (nixpkgs recurses; that would cost one level of
  # nesting per element here). Only an op that ignores an erroring accumulator can tell.
  foldr = op: nul: list:
    let len = length list;
    in foldl' (acc: i: op (elemAt list (len - i - 1)) acc) nul (genList (i: i) len);
  fold = foldr;
  foldl = op: nul: list: foldl' op nul list;
  inherit foldl';
  imap0 = f: list: genList (n: f n (elemAt list n)) (length list);
  imap1 = f: list: genList (n: f (n + 1) (elemAt list n)) (length list);
  flatten = native.flatten;
  remove = e: filter (x: x != e);
  findSingle = pred: default: multiple: list:
    let found = filter pred list; len = length found;
    in if len == 0 then default else if len != 1 then multiple else head found;
  findFirst = pred: default: list: let found = filter pred list; in if found == [ ] then default else head found;
  count = pred: foldl' (c: x: if pred x then c + 1 else c) 0;
  optional = cond: elem: if cond then [ elem ] else [ ];
  optionals = cond: elems: if cond then elems else [ ];
  toList = x: if isList x then x else [ x ];
  range = first: last: if first > last then [ ] else genList (n: first + n) (last - first + 1);
  replicate = n: elem: genList (_: elem) n;
  zipListsWith = f: fst: snd: genList (n: f (elemAt fst n) (elemAt snd n)) (min (length fst) (length snd));
  zipLists = zipListsWith (fst: snd: { inherit fst snd; });
  reverseList = xs: let l = length xs; in genList (n: elemAt xs (l - n - 1)) l;
  sublist = start: count: list:
    let len = length list;
    in genList (n: elemAt list (n + start)) (if start >= len then 0 else if start + count > len then len - start else count);
  take = count: sublist 0 count;
  drop = count: list: sublist count (length list) list;
  last = list: elemAt list (length list - 1);
  init = list: take (length list - 1) list;
  unique = foldl' (acc: e: if elem e acc then acc else acc ++ [ e ]) [ ];
  intersectLists = e: filter (x: elem x e);
  subtractLists = e: filter (x: !(elem x e));
  mutuallyExclusive = a: b: length a == 0 || !(any (x: elem x a) b);
  inherit head tail length elem elemAt filter map genList concatLists concatMap any all sort partition;
  groupBy = builtins.groupBy;
  ifilter0 = ipred: input: map (idx: elemAt input idx) (filter (idx: ipred idx (elemAt input idx)) (genList (x: x) (length input)));

  # ---- strings -------------------------------------------------------------------
  inherit concatStringsSep replaceStrings substring stringLength toString match split typeOf;
  concatStrings = builtins.concatStringsSep "";
  concatMapStrings = f: list: concatStrings (map f list);
  concatImapStrings = f: list: concatStrings (imap1 f list);
  concatMapStringsSep = sep: f: list: concatStringsSep sep (map f list);
  concatImapStringsSep = sep: f: list: concatStringsSep sep (imap1 f list);
  concatLines = list: concatStrings (map (s: s + "\n") list);
  intersperse = separator: list: if list == [ ] || length list == 1 then list else tail (concatMap (x: [ separator x ]) list);
  optionalString = cond: string: if cond then string else "";
  hasPrefix = pref: str: substring 0 (stringLength pref) str == pref;
  hasSuffix = suffix: content:
    let lenContent = stringLength content; lenSuffix = stringLength suffix;
    in lenContent >= lenSuffix && substring (lenContent - lenSuffix) lenContent content == suffix;
  hasInfix = infix: content: match ".*\${escapeRegex infix}.*" "\${content}" != null;
  removePrefix = prefix: str:
    let preLen = stringLength prefix;
    in if substring 0 preLen str == prefix then substring preLen (-1) str else str;
  removeSuffix = suffix: str:
    let sufLen = stringLength suffix; sLen = stringLength str;
    in if sufLen <= sLen && suffix == substring (sLen - sufLen) sufLen str then substring 0 (sLen - sufLen) str else str;
  stringToCharacters = s: genList (p: substring p 1 s) (stringLength s);
  escape = list: replaceStrings list (map (c: "\\\${c}") list);
  escapeRegex = escape (stringToCharacters "\\[{()^$?*+|.");
  splitString = sep: s: filter isString (split (escapeRegex (toString sep)) (toString s));
  escapeShellArg = arg:
    let string = toString arg;
    in if match "[[:alnum:],._+:@%/-]+" string == null then "'\${replaceStrings [ "'" ] [ "'\\''" ] string}'" else string;
  escapeShellArgs = concatMapStringsSep " " escapeShellArg;
  lowerChars = stringToCharacters "abcdefghijklmnopqrstuvwxyz";
  upperChars = stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  toLower = replaceStrings upperChars lowerChars;
  toUpper = replaceStrings lowerChars upperChars;
  trim = s:
    let m = match "[[:space:]]*(.*[^[:space:]])[[:space:]]*" s;
    in if m == null then "" else head m;
  fileContents = file: removeSuffix "\n" (builtins.readFile file);
  readFile = builtins.readFile;
  isStringLike = x: isString x || builtins.isPath x || x ? outPath || x ? __toString;
  fixedWidthString = width: filler: str:
    let strw = stringLength str; reqWidth = width - (stringLength filler);
    in assert strw <= width; if strw == width then str else filler + fixedWidthString reqWidth filler str;
  fixedWidthNumber = width: n: fixedWidthString width "0" (toString n);
  makeSearchPath = subDir: paths: concatStringsSep ":" (map (path: path + "/" + subDir) (filter (x: x != null) paths));
  makeSearchPathOutput = output: subDir: pkgs: makeSearchPath subDir (map (getOutput output) pkgs);
  makeLibraryPath = makeSearchPathOutput "lib" "lib";
  makeBinPath = makeSearchPathOutput "bin" "bin";
  # lib.path: repository paths (append is what import helpers use: relativeToRoot = lib.path.append ../.).
  path = {
    append = p: s: p + ("/" + s);
    hasPrefix = a: b: a == b || builtins.substring 0 (builtins.stringLength (toString a) + 1) (toString b) == toString a + "/";
    subpath.join = ps: builtins.concatStringsSep "/" ps;
  };
  getOutput = native.getOutput;
  getBin = getOutput "bin";
  getLib = getOutput "lib";
  getDev = getOutput "dev";
  getMan = getOutput "man";
  getExe = native.getExe;
  getExe' = x: y: "\${getBin x}/bin/\${y}";
  getName = x: (builtins.parseDrvName (x.name or x)).name;
  getVersion = x: (builtins.parseDrvName (x.name or x)).version;
  enableFeature = flag: feature: "--\${if flag then "enable" else "disable"}-\${feature}";
  withFeature = flag: feature: "--\${if flag then "with" else "without"}-\${feature}";

  # ---- attribute sets -------------------------------------------------------------
  inherit attrNames attrValues hasAttr getAttr listToAttrs mapAttrs removeAttrs intersectAttrs catAttrs zipAttrsWith;
  attrByPath = attrPath: default: set:
    let
      len = length attrPath;
      go = n: s: if n == len then s else (let attr = elemAt attrPath n; in if s ? \${attr} then go (n + 1) s.\${attr} else default);
    in go 0 set;
  hasAttrByPath = attrPath: e:
    let
      len = length attrPath;
      go = n: s: if n == len then true else (let attr = elemAt attrPath n; in if s ? \${attr} then go (n + 1) s.\${attr} else false);
    in go 0 e;
  getAttrFromPath = attrPath: set: attrByPath attrPath (abort "cannot find attribute '\${concatStringsSep "." attrPath}'") set;
  setAttrByPath = attrPath: value:
    let
      len = length attrPath;
      atDepth = n: if n == len then value else { \${elemAt attrPath n} = atDepth (n + 1); };
    in atDepth 0;
  nameValuePair = name: value: { inherit name value; };
  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);
  mapAttrs' = f: set: listToAttrs (map (attr: f attr set.\${attr}) (attrNames set));
  mapAttrsToList = f: attrs: map (name: f name attrs.\${name}) (attrNames attrs);
  attrsToList = mapAttrsToList nameValuePair;
  concatMapAttrs = f: v: foldl' (acc: x: acc // x) { } (attrValues (mapAttrs f v));
  filterAttrs = native.filterAttrs;
  filterAttrsRecursive = pred: set:
    listToAttrs (concatMap (name:
      let v = set.\${name}; in
      if pred name v then [ (nameValuePair name (if isAttrs v then filterAttrsRecursive pred v else v)) ] else [ ]
    ) (attrNames set));
  foldAttrs = op: nul: list_of_attrs:
    foldr (n: a: foldr (name: o: o // { \${name} = op n.\${name} (a.\${name} or nul); }) a (attrNames n)) { } list_of_attrs;
  collect = pred: attrs: if pred attrs then [ attrs ] else if isAttrs attrs then concatMap (collect pred) (attrValues attrs) else [ ];
  mapAttrsRecursiveCond = cond: f: set:
    let recurse = path: mapAttrs (name: value: if isAttrs value && cond value then recurse (path ++ [ name ]) value else f (path ++ [ name ]) value);
    in recurse [ ] set;
  mapAttrsRecursive = f: set: mapAttrsRecursiveCond (as: true) f set;
  recursiveUpdateUntil = pred: lhs: rhs:
    let f = attrPath: zipAttrsWith (n: values:
      let here = attrPath ++ [ n ]; in
      if length values == 1 || pred here (elemAt values 1) (head values) then head values else f here values);
    in f [ ] [ rhs lhs ];
  recursiveUpdate = lhs: rhs: recursiveUpdateUntil (path: lhs: rhs: !(isAttrs lhs && isAttrs rhs)) lhs rhs;
  zipAttrs = zipAttrsWith (name: values: values);
  optionalAttrs = cond: as: if cond then as else { };
  getAttrs = names: attrs: genAttrs names (name: attrs.\${name});
  attrVals = nameList: set: map (x: set.\${x}) nameList;
  isDerivation = value: value.type or null == "derivation";
  mergeAttrs = x: y: x // y;

  # ---- the module system's markers ---------------------------------------------------
  mkOption = { default ? null, defaultText ? null, example ? null, description ? null, relatedPackages ? null,
               type ? null, apply ? null, internal ? null, visible ? null, readOnly ? null } @ attrs:
    attrs // { _type = "option"; };
  mkEnableOption = name: mkOption { default = false; example = true; description = "Whether to enable \${name}."; type = types.bool; };
  mkPackageOption = pkgs: name: { nullable ? false, default ? name, example ? null, extraDescription ? "", pkgsText ? "pkgs" }:
    let defaultPath = if isList default then default else [ default ];
    in mkOption {
      type = types.package;
      default = if default == null then null else foldl' (s: n: s.\${n}) pkgs defaultPath;
    };
  mkPackageOptionMD = mkPackageOption;
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkMerge = contents: { _type = "merge"; inherit contents; };
  mkOverride = priority: content: { _type = "override"; inherit priority content; };
  mkOptionDefault = mkOverride 1500;
  mkDefault = mkOverride 1000;
  mkImageMediaOverride = mkOverride 60;
  mkForce = mkOverride 50;
  mkVMOverride = mkOverride 10;
  mkOrder = priority: content: { _type = "order"; inherit priority content; };
  mkBefore = mkOrder 500;
  mkAfter = mkOrder 1500;
  defaultOrderPriority = 1000;
  defaultOverridePriority = 100;
  mkFixStrictness = id;
  mkRenamedOptionModule = from: to: { };
  mkRenamedOptionModuleWith = args: { };
  mkRemovedOptionModule = optionName: replacementInstructions: { };
  mkChangedOptionModule = from: to: changeFn: { };
  mkMergedOptionModule = from: to: mergeFn: { };
  mkAliasOptionModule = from: to: { };
  mkAliasOptionModuleMD = from: to: { };
  literalExpression = text: { _type = "literalExpression"; inherit text; };
  literalExample = literalExpression;
  literalMD = text: { _type = "literalMD"; inherit text; };
  mdDoc = x: x;
  isOption = x: isAttrs x && x ? _type && x._type == "option";
  isType = type: x: (x._type or "") == type;

  types =
    let mk = name: extra: { _type = "option-type"; inherit name; description = name; } // extra;
    in rec {
      raw = mk "raw" { };
      anything = mk "anything" { };
      unspecified = mk "unspecified" { };
      bool = mk "bool" { };
      boolByOr = bool;
      int = mk "int" { };
      ints = { unsigned = int; positive = int; u8 = int; u16 = int; u32 = int; u64 = int; s8 = int; s16 = int; s32 = int; s64 = int; between = a: b: int; };
      port = int;
      float = mk "float" { };
      number = float;
      numbers = { between = a: b: number; nonnegative = number; positive = number; };
      str = mk "str" { };
      nonEmptyStr = str;
      singleLineStr = str;
      string = str;
      passwdEntry = t: t;
      lines = mk "lines" { };
      commas = mk "commas" { };
      envVar = mk "envVar" { };
      separatedString = sep: mk "separatedString" { inherit sep; };
      path = mk "path" { };
      pathInStore = path;
      package = mk "package" { };
      shellPackage = package;
      attrs = mk "attrs" { };
      listOf = t: mk "listOf" { elemType = t; };
      nonEmptyListOf = listOf;
      attrsOf = t: mk "attrsOf" { elemType = t; };
      lazyAttrsOf = t: mk "attrsOf" { elemType = t; };
      uniq = t: t;
      unique = args: t: t;
      nullOr = t: mk "nullOr" { elemType = t; };
      functionTo = t: mk "functionTo" { elemType = t; };
      submodule = m: mk "submodule" { modules = if isList m then m else [ m ]; };
      submoduleWith = { modules, specialArgs ? { }, shorthandOnlyDefinesConfig ? false, ... }:
        mk "submodule" { inherit modules specialArgs; };
      deferredModule = mk "deferredModule" { };
      enum = values: mk "enum" { inherit values; };
      either = a: b: mk "either" { left = a; right = b; };
      oneOf = ts: mk "oneOf" { types = ts; };
      coercedTo = from: f: to: mk "coercedTo" { coercedType = from; finalType = to; };
      addCheck = t: check: t;
      strMatching = re: str;
      optionType = mk "optionType" { };
    };
}
`.replaceAll('\\${', '${');
