import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder holding deploy-lint's own package.json, whether running from src/
 * (tests), dist/ (a checkout) or an npm install (where only `files` ship).
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'deploy-lint') return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('deploy-lint: cannot find its own package.json');
    dir = up;
  }
}
