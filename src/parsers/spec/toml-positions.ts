/**
 * Where each key and value of a TOML document sits. smol-toml gives values
 * but no positions, so this is a second, structural pass over the text: it
 * tracks table headers (`[a.b]`, `[[a]]` with element counts), dotted keys,
 * strings of all four kinds, inline tables and multi-line arrays, and records
 * offsets by value path. It does not validate: smol-toml has already decided the
 * document is valid, and its values are the ones used. On anything this scan
 * does not follow it skips to the next line, and the caller falls back to the
 * enclosing table's position.
 */
export type TomlPath = readonly (string | number)[];

export interface TomlPosition {
  /** The key (or the last key of a header) that names the value. */
  key?: [number, number];
  /** The value, or the whole header line for a table. */
  value: [number, number];
}

export function pathKey(path: TomlPath): string {
  return JSON.stringify(path);
}

export function scanTomlPositions(text: string): Map<string, TomlPosition> {
  return new Scanner(text).run();
}

class Scanner {
  private i = 0;
  private readonly out = new Map<string, TomlPosition>();
  private readonly tableArrays = new Map<string, number>();

  constructor(private readonly text: string) {}

  run(): Map<string, TomlPosition> {
    let table: (string | number)[] = [];
    while (this.i < this.text.length) {
      const before = this.i;
      this.skipBlank(true);
      if (this.i >= this.text.length) break;
      const c = this.text[this.i];
      if (c === '[') table = this.header(table);
      else this.keyValue(table);
      this.skipToLineEnd();
      if (this.i === before) this.i++;
    }
    return this.out;
  }

  private header(previous: (string | number)[]): (string | number)[] {
    const start = this.i;
    const isArray = this.text.startsWith('[[', this.i);
    this.i += isArray ? 2 : 1;
    const keys = this.keys();
    if (!keys) return previous;
    this.skipBlank(false);
    this.i += isArray ? 2 : 1;
    const path: (string | number)[] = [];
    keys.forEach((k, n) => {
      path.push(k.name);
      const last = n === keys.length - 1;
      if (!this.out.has(pathKey(path)) || last) this.set(path, { key: k.at, value: [start, this.i] });
      // Inside `[[a]]`, a later `[a.b]` belongs to a's newest element.
      const count = this.tableArrays.get(pathKey(path));
      if (count !== undefined && !(last && isArray)) path.push(count - 1);
    });
    if (isArray) {
      const count = this.tableArrays.get(pathKey(path)) ?? 0;
      this.tableArrays.set(pathKey(path), count + 1);
      path.push(count);
      this.set(path, { key: keys[keys.length - 1]!.at, value: [start, this.i] });
    }
    return path;
  }

  private keyValue(table: (string | number)[]): void {
    const keys = this.keys();
    if (!keys) return;
    this.skipBlank(false);
    if (this.text[this.i] !== '=') return;
    this.i++;
    const path = [...table, ...keys.map((k) => k.name)];
    this.value(path, keys[keys.length - 1]!.at);
  }

  private value(path: (string | number)[], key?: [number, number]): void {
    this.skipBlank(false);
    const start = this.i;
    const t = this.text;
    if (t.startsWith('"""', this.i) || t.startsWith("'''", this.i)) {
      const q = t.slice(this.i, this.i + 3);
      let j = this.i + 3;
      while (j < t.length && !t.startsWith(q, j)) j += q === '"""' && t[j] === '\\' ? 2 : 1;
      j += 3;
      // Up to two quotes right before the delimiter belong to the string.
      while (t[j] === q[0] && j - start < t.length) j++;
      this.i = Math.min(j, t.length);
    } else if (t[this.i] === '"' || t[this.i] === "'") {
      const q = t[this.i]!;
      let j = this.i + 1;
      while (j < t.length && t[j] !== q && t[j] !== '\n') j += q === '"' && t[j] === '\\' ? 2 : 1;
      this.i = Math.min(j + 1, t.length);
    } else if (t[this.i] === '[') {
      this.i++;
      let index = 0;
      for (;;) {
        this.skipBlank(true);
        if (this.i >= t.length || t[this.i] === ']') break;
        const before = this.i;
        this.value([...path, index++]);
        this.skipBlank(true);
        if (t[this.i] === ',') this.i++;
        else if (this.i === before) break;
      }
      this.i = Math.min(this.i + 1, t.length);
    } else if (t[this.i] === '{') {
      this.i++;
      for (;;) {
        this.skipBlank(false);
        if (this.i >= t.length || t[this.i] === '}' || t[this.i] === '\n') break;
        const keys = this.keys();
        this.skipBlank(false);
        if (!keys || t[this.i] !== '=') break;
        this.i++;
        this.value([...path, ...keys.map((k) => k.name)], keys[keys.length - 1]!.at);
        this.skipBlank(false);
        if (t[this.i] === ',') this.i++;
      }
      if (t[this.i] === '}') this.i++;
    } else {
      while (this.i < t.length && !',]}\n#'.includes(t[this.i]!)) this.i++;
      let end = this.i;
      while (end > start && /\s/.test(t[end - 1]!)) end--;
      this.set(path, key ? { key, value: [start, end] } : { value: [start, end] });
      return;
    }
    this.set(path, key ? { key, value: [start, this.i] } : { value: [start, this.i] });
  }

  /** A dotted key: bare, "basic" or 'literal' parts. */
  private keys(): { name: string; at: [number, number] }[] | undefined {
    const t = this.text;
    const out: { name: string; at: [number, number] }[] = [];
    for (;;) {
      this.skipBlank(false);
      const start = this.i;
      let name: string;
      if (t[this.i] === '"' || t[this.i] === "'") {
        const q = t[this.i]!;
        let j = this.i + 1;
        let s = '';
        while (j < t.length && t[j] !== q && t[j] !== '\n') {
          if (q === '"' && t[j] === '\\') {
            s += t[j + 1] ?? '';
            j += 2;
          } else s += t[j++];
        }
        name = s;
        this.i = j + 1;
      } else {
        const m = /^[A-Za-z0-9_-]+/.exec(t.slice(this.i, this.i + 256));
        if (!m) return undefined;
        name = m[0];
        this.i += name.length;
      }
      out.push({ name, at: [start, this.i] });
      this.skipBlank(false);
      if (t[this.i] !== '.') return out;
      this.i++;
    }
  }

  private set(path: TomlPath, pos: TomlPosition): void {
    this.out.set(pathKey(path), pos);
  }

  private skipBlank(newlines: boolean): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.i++;
      else if (c === '#' && newlines) this.skipToLineEnd();
      else break;
    }
  }

  private skipToLineEnd(): void {
    const nl = this.text.indexOf('\n', this.i);
    this.i = nl < 0 ? this.text.length : nl + 1;
  }
}
