/**
 * The linted roots: each path given to deploy-lint, by its real path. A file
 * is read only when its real path (every symbolic link resolved) lies inside
 * one of them: a link that leaves the repository is reported, never followed
 * (docs/architecture.md, untrusted repositories; git and ripgrep do not follow
 * links out of a work tree either).
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

export class Roots {
  /** Real paths of the roots. */
  readonly real: readonly string[];

  constructor(paths: readonly string[], cwd: string) {
    this.real = [...new Set(paths.map((p) => realOrResolved(resolve(cwd, p))))];
  }

  /** Whether a real path lies inside a root. */
  holds(real: string): boolean {
    return this.real.some((r) => real === r || real.startsWith(r === sep ? r : r + sep));
  }

  /** Whether `abs`, with its links resolved, lies inside a root (a path that does not exist: its nearest existing folder). */
  contains(abs: string): boolean {
    return this.holds(realOrResolved(abs));
  }
}

/** The real path; for a path that does not exist, the real path of its nearest existing ancestor joined with the rest. */
export function realOrResolved(abs: string): string {
  try {
    // realpath(3) in one call; Node's JavaScript realpathSync lstats every component of every path.
    return realpathSync.native(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realOrResolved(parent), basename(abs));
  }
}
