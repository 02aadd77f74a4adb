/**
 * The evaluator's view of the file system: only the linted directory, each
 * Nix file parsed once (shared by every evaluation session of a run).
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { readSource } from '../../../discover/read.js';
import { Roots } from '../../../discover/roots.js';
import { relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../../../model/diagnostic.js';
import type { Expr } from '../syntax/ast.js';
import { parseNix } from '../syntax/parser.js';
import type { FileAccess } from './machine.js';
import { charge, parseUnits, type RunBudget } from './budget.js';
import { BudgetExceeded } from './errors.js';

export interface ParsedFile {
  ast: Expr | null;
  diagnostics: Diagnostic[];
  text: string;
  /** Not parsed: the run's allocation budget ran out (importing it stops the evaluation like any overrun). */
  overBudget?: true;
}

export interface RepoFileOptions {
  /** Reads a file's text (the adapter passes the pipeline's cached, validated reader); null = unreadable. */
  read?: (abs: string) => string | null;
  /**
   * Whether discovery listed `abs` as a regular file, not a link, in a folder it
   * walked inside the roots: inside and a file without asking realpath(3) or stat(2)
   * (several system calls per imported file), and `read` opens it without following
   * a link put in its place.
   */
  listed?: (abs: string) => boolean;
}

/** A path part `.` or `..`, an empty part (a leading `/`, `//`, a trailing `/`): left to path.relative. */
const NOT_NORMAL = /(^|\/)\.{1,2}(\/|$)|\/\/|\/$|^\//;

export class RepoFileAccess implements FileAccess {
  private readonly parsed = new Map<string, ParsedFile | null>();
  /** The run's budget (set by evaluateRepo): each file's syntax tree is charged to it when parsed. */
  budget?: RunBudget;

  /** Nothing outside them is read: a path is inside when its real path (links resolved) is. */
  readonly roots: Roots;

  constructor(
    /** The linted roots, or one absolute folder. */
    roots: Roots | string,
    /** Absolute: spans are relative to it. */
    readonly cwd: string,
    private readonly opts: RepoFileOptions = {},
  ) {
    this.roots = typeof roots === 'string' ? new Roots([roots], cwd) : roots;
    this.cwdSlash = sep === '/' && cwd !== '/' && resolve(cwd) === cwd ? `${cwd}/` : null;
  }

  private readonly insideCache = new Map<string, boolean>();

  inside(abs: string): boolean {
    let r = this.insideCache.get(abs);
    if (r === undefined) this.insideCache.set(abs, (r = this.opts.listed?.(abs) === true || this.roots.contains(abs)));
    return r;
  }

  display(abs: string): string {
    let d = this.shown.get(abs);
    if (d === undefined) {
      d = this.below(abs);
      if (d !== undefined) {
        this.shown.set(abs, d);
        return d;
      }
      const rel = relative(this.cwd, abs);
      // A path sharing nothing with the checkout but `/` (`/etc/nixos/x.nix`) is shown as it is: climbing out with
      // `../..` would print something else in every checkout folder; any other path is shown from the root.
      const climbs = rel.split(sep).filter((p) => p === '..').length;
      d = climbs > 0 && climbs === this.cwd.split(sep).filter(Boolean).length ? abs : rel.split(sep).join('/');
      this.shown.set(abs, d);
    }
    return d;
  }

  private readonly shown = new Map<string, string>();

  /** `cwd + '/'` when `cwd` is a normalised POSIX path other than `/` (what `below` needs), else null. */
  private readonly cwdSlash: string | null;

  /**
   * What `relative(cwd, abs)` gives for a normalised path inside `cwd`: the rest
   * of the path, found without resolving both (every imported file of a host
   * is shown once). Undefined when the path is not plainly below `cwd`.
   */
  private below(abs: string): string | undefined {
    const base = this.cwdSlash;
    if (base === null || !abs.startsWith(base) || abs.length === base.length) return undefined;
    const rest = abs.slice(base.length);
    return NOT_NORMAL.test(rest) ? undefined : rest;
  }

  /** Parses once; the diagnostics are the caller's to report (once). */
  parseFile(abs: string): ParsedFile | null {
    if (this.parsed.has(abs)) return this.parsed.get(abs)!;
    let result: ParsedFile | null = null;
    const text = this.text(abs);
    if (text !== null && this.budget && !charge(this.budget, parseUnits(text.length))) {
      result = { ast: null, diagnostics: [], text, overBudget: true };
    } else if (text !== null) {
      const r = parseNix(text, this.display(abs));
      result = { ast: r.ast, diagnostics: r.diagnostics, text };
    }
    this.parsed.set(abs, result);
    return result;
  }

  parse(abs: string): { ast: Expr } | { error: string } {
    if (!this.inside(abs)) return { error: 'outside the linted directory' };
    const p = this.parseFile(abs);
    if (!p) return { error: 'cannot be read' };
    if (p.overBudget) throw new BudgetExceeded(undefined);
    if (!p.ast) return { error: 'has a syntax error' };
    return { ast: p.ast };
  }

  private text(abs: string): string | null {
    if (!this.inside(abs)) return null;
    if (this.opts.read) return this.opts.read(abs);
    // Like the walker: a regular file under the size limit (a FIFO would block, /dev/zero never ends).
    const r = readSource({ path: abs, absPath: abs, kind: 'nix' });
    return r.ok ? r.text : null;
  }

  readText(abs: string): { text: string; file: string } | { error: string } {
    if (!this.inside(abs)) return { error: 'outside the linted directory' };
    const text = this.text(abs);
    return text === null ? { error: 'cannot be read' } : { text, file: this.display(abs) };
  }

  kind(abs: string): 'file' | 'directory' | 'symlink' | 'missing' | 'outside' {
    let k = this.kinds.get(abs);
    if (k === undefined) {
      k = this.statKind(abs);
      this.kinds.set(abs, k);
    }
    return k;
  }

  private readonly kinds = new Map<string, 'file' | 'directory' | 'missing' | 'outside'>();

  private statKind(abs: string): 'file' | 'directory' | 'missing' | 'outside' {
    // A regular file discovery listed: no stat(2) per imported module.
    if (this.opts.listed?.(abs) === true) return 'file';
    if (!this.inside(abs)) return 'outside';
    try {
      return statSync(abs).isDirectory() ? 'directory' : 'file';
    } catch {
      return 'missing';
    }
  }

  list(abs: string): Array<{ name: string; kind: 'regular' | 'directory' | 'symlink' | 'unknown' }> | null {
    if (!this.inside(abs)) return null;
    try {
      return readdirSync(abs)
        .sort()
        .map((name) => {
          const st = lstatSync(`${abs}${sep}${name}`);
          const kind = st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'directory' : st.isFile() ? 'regular' : 'unknown';
          return { name, kind };
        });
    } catch {
      return null;
    }
  }
}
