/**
 * The repository root every reported path is relative to (docs/architecture.md,
 * "Spans": paths are relative to the repository root, never to the current
 * directory): the nearest folder at or above the linted paths that holds
 * `.git` or a deploy-lint config, unless `--root` names it. So a run from `infra/` and one
 * from the top of the checkout print, baseline and fingerprint the same paths.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { FILE_NAMES, packageHasKey } from './load.js';

function isRootMarked(dir: string): boolean {
  if (existsSync(join(dir, '.git'))) return true;
  if (FILE_NAMES.some((n) => existsSync(join(dir, n)))) return true;
  const pkg = join(dir, 'package.json');
  return existsSync(pkg) && packageHasKey(pkg);
}

/** The deepest folder holding every path (a file counts as its folder). */
export function commonFolder(absPaths: readonly string[]): string {
  const folders = absPaths.map((p) => {
    try {
      return statSync(p).isDirectory() ? p : dirname(p);
    } catch {
      return dirname(p);
    }
  });
  let common = folders[0] ?? '/';
  for (const f of folders) {
    while (common !== dirname(common) && f !== common && !f.startsWith(common.endsWith(sep) ? common : `${common}${sep}`)) common = dirname(common);
  }
  return common;
}

/**
 * The root for linting `paths` (relative to `cwd`): the nearest marked folder
 * at or above them; with none, `cwd` when it holds them (paths as before),
 * else their common folder.
 */
export function findRepositoryRoot(paths: readonly string[], cwd: string): string {
  const start = commonFolder((paths.length ? paths : ['.']).map((p) => resolve(cwd, p)));
  for (let dir = start; ; dir = dirname(dir)) {
    if (isRootMarked(dir)) return dir;
    if (dirname(dir) === dir) break;
  }
  return isInside(start, resolve(cwd)) ? resolve(cwd) : start;
}

/** Whether `path` is `folder` or inside it. */
export function isInside(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && !/^[a-zA-Z]:/.test(r));
}
