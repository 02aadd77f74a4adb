/**
 * Finds the repository file a command or spec refers to: an absolute path of
 * the checkout, a path relative to the referring file or the repo root, or an
 * absolute deploy path (`/srv/deploy/stacks/x.yml`) mapped onto the repo by its
 * longest unique path suffix.
 */
import { posix } from 'node:path';

export interface RepoFile {
  path: string;
  absPath: string;
}

export class RepoFiles {
  /** Deploy-path prefix → repo folder (config `pathMap`), longest prefix first. */
  private readonly pathMap: [string, string][];
  /** Indexed on the first question: most graphs (unit files only) ask none, and a large one has thousands of files. */
  private index: FileIndex | undefined;

  constructor(
    private readonly files: readonly RepoFile[],
    pathMap: Readonly<Record<string, string>> = {},
  ) {
    this.pathMap = Object.entries(pathMap).sort((a, b) => b[0].length - a[0].length);
  }

  private get indexed(): FileIndex {
    return (this.index ??= indexFiles(this.files));
  }

  /** The repo path `ref` denotes, or undefined (not in the repo, or ambiguous). */
  resolve(ref: string, fromFile?: string): string | undefined {
    const clean = ref.replace(/^["']|["']$/g, '');
    if (clean === '' || clean.includes('$')) return undefined;
    if (this.indexed.byAbs.has(clean)) return this.indexed.byAbs.get(clean)!.path;
    for (const [prefix, folder] of this.pathMap) {
      if (clean !== prefix && !clean.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) continue;
      const mapped = posix.normalize(posix.join(folder, clean.slice(prefix.length)));
      if (this.indexed.byPath.has(mapped)) return mapped;
    }
    if (!clean.startsWith('/')) {
      if (fromFile) {
        const rel = posix.normalize(posix.join(posix.dirname(fromFile), clean));
        if (this.indexed.byPath.has(rel)) return rel;
      }
      const root = posix.normalize(clean);
      if (this.indexed.byPath.has(root)) return root;
    }
    return this.bySuffix(clean);
  }

  private bySuffix(ref: string): string | undefined {
    const parts = ref.split('/').filter((p) => p !== '' && p !== '.');
    const candidates = this.indexed.byBase.get(parts[parts.length - 1] ?? '') ?? [];
    let best: RepoFile[] = [];
    let bestLen = 0;
    for (const f of candidates) {
      const fp = f.path.split('/');
      let n = 0;
      while (n < parts.length && n < fp.length && parts[parts.length - 1 - n] === fp[fp.length - 1 - n]) n++;
      if (n > bestLen) {
        best = [f];
        bestLen = n;
      } else if (n === bestLen) best.push(f);
    }
    return best.length === 1 ? best[0]!.path : undefined;
  }
}

interface FileIndex {
  byPath: Map<string, RepoFile>;
  byAbs: Map<string, RepoFile>;
  /** File name → the files of that name. */
  byBase: Map<string, RepoFile[]>;
}

function indexFiles(files: readonly RepoFile[]): FileIndex {
  const byPath = new Map<string, RepoFile>();
  const byAbs = new Map<string, RepoFile>();
  const byBase = new Map<string, RepoFile[]>();
  for (const f of files) {
    byPath.set(f.path, f);
    byAbs.set(f.absPath, f);
    const base = posix.basename(f.path);
    const list = byBase.get(base);
    if (list) list.push(f);
    else byBase.set(base, [f]);
  }
  return { byPath, byAbs, byBase };
}
