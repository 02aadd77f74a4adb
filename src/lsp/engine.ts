/**
 * One workspace folder's lint: the configuration is read again on every run
 * (the user may be editing it), and open documents' unsaved text stands in
 * for the files on disk.
 */
import type { DeployGraph } from '../graph/model.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { lint, DEFAULT_SETTINGS } from '../lint.js';
import { resolveConfig, type ResolvedConfig } from '../config/resolve.js';

export interface FolderLint {
  diagnostics: readonly Diagnostic[];
  graphs: readonly DeployGraph[];
  defaultTimeoutStartSec: number;
}

export interface FolderEngine {
  /** `overrides`: absolute path → the document's current text. */
  lint(overrides: ReadonlyMap<string, string>): Promise<FolderLint>;
}

/** Notes about values deploy-lint could not know: the CLI shows them only with --verbose, the editor never. */
const VERBOSE_ONLY = new Set(['nix-unknown']);

export function createFolderEngine(root: string, warn: (message: string) => void): FolderEngine {
  let lastConfigError: string | undefined;
  const config = (): ResolvedConfig | undefined => {
    try {
      const c = resolveConfig(root);
      lastConfigError = undefined;
      return c;
    } catch (e) {
      const message = (e as Error).message;
      if (message !== lastConfigError) warn(`deploy-lint: ${message} (linting ${root} with the defaults)`);
      lastConfigError = message;
      return undefined;
    }
  };
  return {
    async lint(overrides) {
      const c = config();
      const result = await lint({ paths: ['.'], cwd: root, config: c, overrides });
      return {
        diagnostics: result.diagnostics.filter((d) => !VERBOSE_ONLY.has(d.rule)),
        graphs: result.graphs,
        defaultTimeoutStartSec: c?.defaultTimeoutStartSec ?? DEFAULT_SETTINGS.defaultTimeoutStartSec,
      };
    },
  };
}
