/**
 * List options take repeated flags and comma lists alike (`--select a,b`, as
 * Ruff does and as Drone joins a plugin setting's list), so each value is
 * split at commas. Globs split only at commas outside `{…}`, which are part
 * of the glob (`{a,b}/**`). Paths are never split: a file name may hold a comma.
 */
export function commaList(values: readonly (string | number)[] | undefined): string[] | undefined {
  return values?.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
}

export function globList(values: readonly (string | number)[] | undefined): string[] | undefined {
  return values?.flatMap((v) => splitOutsideBraces(String(v))).map((s) => s.trim()).filter(Boolean);
}

function splitOutsideBraces(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}
