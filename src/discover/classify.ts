/**
 * Classifies a file by its name, its folder and, where the name says nothing,
 * its first bytes. Returns null for files deploy-lint does not read.
 */
import { basename, dirname, extname } from 'node:path/posix';
import type { FileKind } from './source-file.js';

/** Unit types that can be loaded from a file (device and scope units cannot). */
const UNIT_FILE_SUFFIX = /\.(service|socket|timer|target|path|mount|automount|slice|swap)$/;
const LINK_DIR = /\.(wants|requires|upholds)$/;
const DROPIN_DIR = /^(?:[^/]+\.)?(service|socket|timer|target|path|mount|automount|slice|swap)\.d$/;
const NOT_SPECS = new Set([
  'package.json', 'package-lock.json', 'tsconfig.json', 'jsconfig.json', '.drone.yml', '.gitlab-ci.yml',
  '.pre-commit-config.yaml', '.pre-commit-hooks.yaml', 'pnpm-lock.yaml', 'yarn.lock', 'flake.lock', 'renovate.json',
]);

/** Folders of tool settings, never deploy specs (and often JSON with comments). */
const NOT_SPEC_DIRS = new Set(['.github', 'workflows', '.vscode', '.devcontainer', '.idea']);
/** TypeScript/JavaScript project files (`tsconfig.app.json`) and linters' JSON: JSON with comments, not specs. */
const JSONC_CONFIG = /^(?:(?:ts|js)config\..+\.json|\.eslintrc\.json|\.babelrc(?:\.json)?|devcontainer\.json)$/;

/** `head` is the file's first bytes as text, read lazily only when the name is not enough. */
export function classify(relPath: string, head: () => string): FileKind | null {
  const name = basename(relPath);
  const dir = basename(dirname(relPath));
  if (LINK_DIR.test(dir) && UNIT_FILE_SUFFIX.test(name)) return 'unit-link';
  if (DROPIN_DIR.test(dir) && name.endsWith('.conf')) return 'dropin';
  if (UNIT_FILE_SUFFIX.test(name)) return 'unit';
  const ext = extname(name);
  if (ext === '.nix') return 'nix';
  if (ext === '.py') return 'python';
  if (ext === '.sh' || ext === '.bash') return 'shell';
  if (name.startsWith('deploy-lint.config') || NOT_SPECS.has(name) || NOT_SPEC_DIRS.has(dir) || JSONC_CONFIG.test(name)) return null;
  if (ext === '.yml' || ext === '.yaml') return /^services\s*:/m.test(head()) ? 'stack' : 'spec';
  if (ext === '.json' || ext === '.toml') return 'spec';
  if (ext === '') {
    const first = head().split('\n', 1)[0] ?? '';
    if (/^#!.*\bpython[0-9.]*\b/.test(first)) return 'python';
    if (/^#!.*\b(ba|da|z)?sh\b/.test(first)) return 'shell';
  }
  return null;
}
