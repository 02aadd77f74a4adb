/**
 * One workspace folder's lint: a lint session (src/session/lint-session.ts)
 * that re-parses only the files whose text changed, with open documents'
 * unsaved text standing in for the files on disk. The configuration is read
 * again on every run (the user may be editing it); a changed configuration
 * starts a new session.
 */
import type { DeployGraph } from '../graph/model.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { DEFAULT_SETTINGS } from '../lint.js';
import { resolveConfig, type ResolvedConfig } from '../config/resolve.js';
import { createLintSession, type LintSession } from '../session/lint-session.js';
import { VERBOSE_ONLY } from '../model/builtin-findings.js';

export interface FolderLint {
  diagnostics: readonly Diagnostic[];
  graphs: readonly DeployGraph[];
  defaultTimeoutStartSec: number;
  /** Files the lint parsed and reused from the session's cache. */
  parsed: number;
  reused: number;
}

export interface FolderEngine {
  /** `overrides`: absolute path → the document's current text. */
  lint(overrides: ReadonlyMap<string, string>): Promise<FolderLint>;
}

export function createFolderEngine(root: string, warn: (message: string) => void): FolderEngine {
  let lastConfigError: string | undefined;
  let session: { key: string; session: LintSession; config?: ResolvedConfig } | undefined;
  const current = (): { session: LintSession; config?: ResolvedConfig } => {
    let config: ResolvedConfig | undefined;
    try {
      config = resolveConfig(root);
      lastConfigError = undefined;
    } catch (e) {
      const message = (e as Error).message;
      if (message !== lastConfigError) warn(`deploy-lint: ${message} (linting ${root} with the defaults)`);
      lastConfigError = message;
    }
    const key = JSON.stringify(config ?? null);
    if (session?.key !== key) session = { key, session: createLintSession({ paths: ['.'], cwd: root, config }), config };
    return session;
  };
  return {
    async lint(overrides) {
      const { session: s, config } = current();
      const result = await s.lint({ overrides });
      return {
        diagnostics: result.diagnostics.filter((d) => !VERBOSE_ONLY.has(d.rule)),
        graphs: result.graphs,
        defaultTimeoutStartSec: config?.defaultTimeoutStartSec ?? DEFAULT_SETTINGS.defaultTimeoutStartSec,
        ...s.last,
      };
    },
  };
}
