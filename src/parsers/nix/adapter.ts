/**
 * Nix files → facts. Nix is cross-file: every `.nix` file of the run is
 * handed over at once, parsed once, and evaluated per host (see
 * nixos/evaluate-repo.ts). Only files inside the linted directory are read.
 */
import { dirname } from 'node:path';
import { simpleDiagnostic, type Diagnostic } from '../../model/diagnostic.js';
import { internalError } from '../../model/internal-error.js';
import { emptyShellFacts } from '../../model/facts.js';
import { span } from '../../model/span.js';
import type { SourceFile } from '../../discover/source-file.js';
import type { Adapter, ParseOutput } from '../adapter.js';
import { loadShellAnalyzer, type ShellAnalyzer } from '../shell/analyzer.js';
import { RepoFileAccess } from './eval/file-access.js';
import { readSource } from '../../discover/read.js';
import { Roots } from '../../discover/roots.js';
import { evaluateRepo } from './nixos/evaluate-repo.js';
import { NIX_EVAL_ERROR, PARSE_ERROR } from '../../model/builtin-findings.js';

/** The working directory the paths are relative to (every SourceFile knows both forms). */
function cwdOf(f: SourceFile): string {
  return f.absPath.endsWith(`/${f.path}`) ? f.absPath.slice(0, -f.path.length - 1) || '/' : dirname(f.absPath);
}

export const nixAdapter: Adapter = {
  name: 'nix',
  kinds: ['nix'],
  async parse(files, ctx): Promise<ParseOutput> {
    const mine = files.filter((f) => f.kind === 'nix');
    if (mine.length === 0) return { facts: [], diagnostics: [] };
    const cwd = cwdOf(mine[0]!);
    const byAbs = new Map(ctx.files.map((f) => [f.absPath, f]));
    // The run's roots, each given path its own (never a common ancestor of them).
    const roots = ctx.roots ?? new Roots([lintedRoot(ctx.files.map((f) => f.absPath), cwd)], cwd);
    const access = new RepoFileAccess(roots, cwd, {
      // Discovered files go through the pipeline's reader (size, binary and UTF-8 checks, cache).
      read: (abs) => {
        const f = byAbs.get(abs);
        if (!f) return readOutside(abs);
        const r = ctx.read(f);
        return r.ok ? r.text : null;
      },
      listed: (abs) => byAbs.get(abs)?.symlink === false,
    });
    const unreadable = mine.flatMap((f) => {
      const r = ctx.read(f);
      return r.ok ? [] : [r.diagnostic];
    });
    const { shell, problem } = await shellAnalyzer(mine[0]!.path);
    try {
      const out = evaluateRepo({ files: mine.filter((f) => ctx.read(f).ok), access, cwd, shell });
      return { facts: out.facts, diagnostics: [...unreadable, ...problem, ...out.diagnostics] };
    } catch (e) {
      // A bug of ours must not cost the user the rest of the run; an error, since no Nix fact was read.
      return { facts: [], diagnostics: [...unreadable, internalError('evaluating Nix', e, span(mine[0]!.path, 1, 1))] };
    }
  },
};

/** The bash analyzer; if its grammar cannot load, Nix is still read (commands just say nothing). */
async function shellAnalyzer(file: string): Promise<{ shell: ShellAnalyzer; problem: Diagnostic[] }> {
  try {
    return { shell: await loadShellAnalyzer(), problem: [] };
  } catch (e) {
    const none = (): { facts: ReturnType<typeof emptyShellFacts>; diagnostics: Diagnostic[] } => ({ facts: emptyShellFacts(), diagnostics: [] });
    const why = e instanceof Error ? e.message : String(e);
    return {
      shell: { analyzeScript: none, analyzeExecLine: none },
      problem: [simpleDiagnostic(PARSE_ERROR, 'error', `cannot load the bash grammar (tree-sitter-bash): ${why}; commands in Nix units are not analysed`, span(file, 1, 1))],
    };
  }
}

/** Without the run's roots (an adapter called on its own): the deepest folder holding every discovered file. */
function lintedRoot(paths: string[], cwd: string): string {
  let root = paths.length ? dirname(paths[0]!) : cwd;
  for (const p of paths) {
    while (root !== '/' && !p.startsWith(`${root}/`)) root = dirname(root);
  }
  return root;
}

/**
 * Files the walk skipped (ignored, not Nix) may still be imported or read
 * (RepoFileAccess has checked they lie inside the roots): with the walker's
 * checks, a regular file under the size limit, UTF-8 without NUL.
 */
function readOutside(abs: string): string | null {
  const r = readSource({ path: abs, absPath: abs, kind: 'nix' });
  return r.ok ? r.text : null;
}
