/**
 * Walks the given paths: recursive, deterministic (sorted), honours .gitignore
 * files at every level and `--ignore` globs, skips node_modules and .git, and
 * follows directory symlinks at most once per real directory so a link loop
 * ends. A link whose target lies outside every given path is reported and not
 * followed (./roots.ts).
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { LINK_OUTSIDE_ROOT } from '../model/builtin-findings.js';
import { simpleDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { span } from '../model/span.js';
import { classify, LINK_DIR } from './classify.js';
import { rememberContent } from './read.js';
import { realOrResolved, Roots } from './roots.js';
import type { SourceFile } from './source-file.js';

export interface WalkOptions {
  /** Globs of paths to skip, relative to `cwd` (the run's root: lint.ts rebases --ignore). */
  ignore?: string[];
  cwd?: string;
  /** The linted roots (default: the given paths). */
  roots?: Roots;
  /** Where links leading out of the roots are reported (link-outside-root). */
  findings?: Diagnostic[];
}

const UNIT_NAME = /\.(service|socket|timer|target|path|mount|automount|slice|swap|device|scope)$/;

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

interface Scope {
  /** The folder of the .gitignore, relative to `cwd` (as `rel` gives it), and absolute. */
  dir: string;
  abs: string;
  ig: Ignore;
}

/** A relative path that starts above `cwd`: a walk from there may come back in, so appending names is not exact. */
const above = (rel: string): boolean => rel === '..' || rel.startsWith('../');

export function discover(paths: string[], opts: WalkOptions = {}): SourceFile[] {
  const cwd = opts.cwd ?? process.cwd();
  const roots = opts.roots ?? new Roots(paths.length ? paths : ['.'], cwd);
  const skip = opts.ignore?.length ? picomatch(opts.ignore, { dot: true }) : () => false;
  const seenDirs = new Set<string>();
  const files = new Map<string, SourceFile>();

  const rel = (abs: string): string => {
    const r = relative(cwd, abs).split(sep).join('/');
    return r === '' ? '.' : r;
  };
  /** `path` (`rel(abs)`) as seen from a scope's folder, which the walk came down through; '' when it is not below it. */
  const fromScope = (s: Scope, abs: string, path: string): string => {
    if (above(s.dir)) return relative(s.abs, abs).split(sep).join('/');
    if (s.dir === '.') return path;
    return path.startsWith(`${s.dir}/`) ? path.slice(s.dir.length + 1) : '';
  };
  const ignoredBy = (abs: string, path: string, isDir: boolean, scopes: Scope[]): boolean => {
    for (const s of scopes) {
      const r = fromScope(s, abs, path);
      if (r && s.ig.ignores(isDir ? `${r}/` : r)) return true;
    }
    return false;
  };
  /**
   * A symbolic link whose target lies outside every root: an info naming the
   * link, and nothing read through it. Links systemd itself resolves by name
   * (enable links in `.wants/`, aliases, masks to /dev/null) are kept: only
   * their target's name is read, never its content.
   */
  const leavesRoots = (abs: string, inLinkDir: boolean, isDir: boolean): boolean => {
    // An enable link (a unit name in `.wants/`) is read by its name only; anything else there is checked like any link.
    if (inLinkDir && UNIT_NAME.test(basename(abs))) return false;
    const real = realOrResolved(abs);
    if (roots.holds(real) || real === '/dev/null') return false;
    const target = linkTarget(abs);
    if (target !== null && UNIT_NAME.test(basename(abs)) && UNIT_NAME.test(basename(target)) && basename(target) !== basename(abs)) return false;
    // Reported when it could have held something deploy-lint reads: a folder, or a file named like one.
    if (!isDir && classify(rel(abs), () => '') === null) return true;
    const shown = target === null ? '' : ` (-> ${target.length > 200 ? `${target.slice(0, 200)}…` : target})`;
    opts.findings?.push(
      simpleDiagnostic(LINK_OUTSIDE_ROOT, 'info', `symbolic link${shown} leads outside the linted folders: not followed, not read`, span(rel(abs), 1, 1)),
    );
    return true;
  };
  /** `regular`: the directory listing says `abs` is a regular file, not a link to one. */
  const addFile = (abs: string, path: string, symlink?: boolean, regular = false): void => {
    if (files.has(path) || skip(path)) return;
    let head: Head | undefined;
    const kind = classify(path, () => (head ??= readHead(abs, regular)).text);
    if (!kind) return;
    const file: SourceFile = { path, absPath: abs, kind, ...(symlink === undefined ? {} : { symlink }) };
    if (head?.whole) rememberContent(file, head.whole, head.text);
    files.set(path, file);
  };
  /**
   * `relDir` is `rel(abs)`: the walk builds its children's relative paths by appending names.
   * `parentReal`: the real path of the folder that lists `abs` as a folder, not a link; then
   * `abs`'s own is that and its name, with no realpath(3) (a system call per component).
   */
  const walkDir = (abs: string, relDir: string, scopes: Scope[], parentReal?: string): void => {
    let real: string;
    try {
      real = parentReal === undefined ? realpathSync.native(abs) : join(parentReal, basename(abs));
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // The listing says whether there is one: no stat of a missing file per folder.
    const here = entries.some((e) => e.name === '.gitignore') ? loadGitignore(abs) : null;
    const inner = here ? [...scopes, { dir: relDir, abs, ig: here }] : scopes;
    const inLinkDir = LINK_DIR.test(abs);
    for (const e of entries) {
      if (ALWAYS_SKIPPED.has(e.name)) continue;
      // A name from readdir has no separator and `abs` is resolved: join()'s normalising would change nothing, and cost a string per step.
      const child = abs.endsWith(sep) ? abs + e.name : abs + sep + e.name;
      let isDir = e.isDirectory();
      // A symlink inside a `.wants/` folder is an enable link, never followed as a directory.
      if (e.isSymbolicLink()) isDir = !inLinkDir && isDirectory(child);
      // Appending is exact below the root; a walk from above it (`..`) may come back into it.
      const relChild = relDir === '.' ? e.name : above(relDir) ? rel(child) : `${relDir}/${e.name}`;
      if (skip(relChild) || (isDir && skip(`${relChild}/`)) || ignoredBy(child, relChild, isDir, inner)) continue;
      if (e.isSymbolicLink() && leavesRoots(child, inLinkDir, isDir)) continue;
      if (isDir) walkDir(child, relChild, inner, e.isSymbolicLink() ? undefined : real);
      else addFile(child, relChild, e.isSymbolicLink(), e.isFile());
    }
  };

  for (const p of paths.length ? paths : ['.']) {
    const abs = resolve(cwd, p);
    if (isDirectory(abs)) walkDir(abs, rel(abs), []);
    else addFile(abs, rel(abs));
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function loadGitignore(dir: string): Ignore | null {
  try {
    const file = join(dir, '.gitignore');
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return null;
    return ignore().add(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function linkTarget(abs: string): string | null {
  try {
    return readlinkSync(abs);
  } catch {
    return null;
  }
}

function isDirectory(abs: string): boolean {
  try {
    return statSync(abs, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

interface Head {
  /** The first 16 KiB, decoded leniently: enough to classify. */
  text: string;
  /** All of the file when it fits, for the parse to reuse (./read.ts). */
  whole?: Buffer;
}

const HEAD_BYTES = 16384;
const headBuffer = Buffer.alloc(HEAD_BYTES);

/**
 * `regular`: the directory listing said so. The file is then opened without
 * following a link (one put in its place since is not read) and not checked
 * again: one system call fewer per file, of four (bench/README.md, "Throughput").
 */
function readHead(abs: string, regular: boolean): Head {
  let fd: number | undefined;
  try {
    // Opened without blocking (a FIFO would wait for a writer) and, unless the listing said it is a
    // regular file, checked on the descriptor: only a regular file is read (a device may never end).
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK | (regular ? constants.O_NOFOLLOW : 0));
    const st = regular ? undefined : fstatSync(fd);
    if (st && !st.isFile()) return { text: '' };
    const n = readSync(fd, headBuffer, 0, HEAD_BYTES, 0);
    const text = headBuffer.toString('utf8', 0, n);
    // A regular file read short is read whole.
    const whole = n < HEAD_BYTES && (st === undefined || n === st.size);
    return whole ? { text, whole: Buffer.from(headBuffer.subarray(0, n)) } : { text };
  } catch {
    return { text: '' };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
