/**
 * Classifies a file by its name, its folder and positive evidence of its
 * content (docs/architecture.md, "discover"): a unit file is INI with
 * `[Section]` headers, a stack is a compose file whose services have an image,
 * a build or a deploy block. Returns null for files deploy-lint does not read.
 * Spec files are confirmed by their vocabulary in the spec adapter, which has
 * the configured vocabulary.
 */
import { basename, dirname, extname } from 'node:path/posix';
import type { FileKind } from './source-file.js';

/** Unit types that can be loaded from a file (device and scope units cannot). */
const UNIT_FILE_SUFFIX = /\.(service|socket|timer|target|path|mount|automount|slice|swap)$/;
export const LINK_DIR = /\.(wants|requires|upholds)$/;
const DROPIN_DIR = /^(?:[^/]+\.)?(service|socket|timer|target|path|mount|automount|slice|swap)\.d$/;
const NOT_SPECS = new Set([
  'package.json', 'package-lock.json', 'tsconfig.json', 'jsconfig.json', '.drone.yml', '.gitlab-ci.yml',
  '.pre-commit-config.yaml', '.pre-commit-hooks.yaml', 'pnpm-lock.yaml', 'yarn.lock', 'flake.lock', 'renovate.json',
  '.travis.yml', '.woodpecker.yml', '.woodpecker.yaml', 'bitbucket-pipelines.yml', 'azure-pipelines.yml',
  'appveyor.yml', '.appveyor.yml', 'codecov.yml', '.codecov.yml', 'mkdocs.yml', '.readthedocs.yaml', 'Chart.yaml',
]);

/** Folders of tool settings and CI pipelines, never deploy specs or stacks (and often JSON with comments). */
const NOT_SPEC_DIRS = new Set(['.github', 'workflows', '.vscode', '.devcontainer', '.idea', '.woodpecker', '.circleci', '.buildkite']);
/** TypeScript/JavaScript project files (`tsconfig.app.json`) and linters' JSON: JSON with comments, not specs. */
const JSONC_CONFIG = /^(?:(?:ts|js)config\..+\.json|\.eslintrc\.json|\.babelrc(?:\.json)?|\.?devcontainer\.json)$/;

/** `head` is the file's first bytes as text, read lazily only when the name is not enough. */
export function classify(relPath: string, head: () => string): FileKind | null {
  const name = basename(relPath);
  const dir = basename(dirname(relPath));
  if (LINK_DIR.test(dir) && UNIT_FILE_SUFFIX.test(name)) return 'unit-link';
  if (DROPIN_DIR.test(dir) && name.endsWith('.conf')) return looksLikeIni(head()) ? 'dropin' : null;
  if (UNIT_FILE_SUFFIX.test(name)) return looksLikeIni(head()) ? 'unit' : null;
  const ext = extname(name);
  if (ext === '.nix') return 'nix';
  if (ext === '.py') return 'python';
  if (ext === '.sh' || ext === '.bash') return 'shell';
  if (name.startsWith('deploy-lint.config') || NOT_SPECS.has(name) || NOT_SPEC_DIRS.has(dir) || JSONC_CONFIG.test(name)) return null;
  if (ext === '.yml' || ext === '.yaml') return yamlKind(head());
  if (ext === '.json' || ext === '.toml') return 'spec';
  if (ext === '') {
    const first = head().split('\n', 1)[0] ?? '';
    if (/^#!.*\bpython[0-9.]*\b/.test(first)) return 'python';
    if (/^#!.*\b(ba|da|z)?sh\b/.test(first)) return 'shell';
  }
  return null;
}

/**
 * A unit file or drop-in: empty (masking), comments only, or INI whose first
 * content line is a `[Section]` header. An Avahi service file (`ssh.service`,
 * XML) or any other text that happens to carry a unit suffix is not one.
 * An assignment before the first header is still a unit (systemd loads it and
 * complains): what decides is that some header exists.
 */
export function looksLikeIni(head: string): boolean {
  let content = false;
  // Line by line without splitting the whole head: the answer is nearly always on the first line.
  for (let at = 0; at <= head.length; ) {
    const nl = head.indexOf('\n', at);
    const end = nl < 0 ? head.length : nl;
    const line = head.slice(at, end).trim();
    at = end + 1;
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (/^\[[^\]\n]+\]$/.test(line)) return true;
    if (line.startsWith('<')) return false; // XML, HTML
    content = true;
  }
  return !content;
}

/**
 * YAML: a compose/stack file when a top-level `services:` map has a service
 * with `image`, `build` or `deploy`; a Helm template (`{{ .Values… }}`, `{{- if }}`), a Kubernetes
 * manifest (`apiVersion` + `kind`) or a CI pipeline's `services:` list is
 * neither a stack nor a spec. Anything else may be a spec (the spec adapter
 * keeps it only when it holds spec vocabulary).
 */
function yamlKind(head: string): FileKind | null {
  // Helm's template language, not the Go templates docker itself expands in a service's
  // `hostname: "{{.Node.Hostname}}"` (swarmprom) or `--format '{{.ID}}'`.
  if (/\{\{-?\s*(?:\.Values|\.Release|\.Chart|\.Capabilities|include\s|template\s|define\s|if\s|range\s|with\s|end\b|toYaml)/.test(head)) return null;
  if (/^apiVersion\s*:/m.test(head) && /^kind\s*:/m.test(head)) return null;
  const services = /^services\s*:[ \t]*(?:#.*)?$/m.exec(head);
  if (services) {
    const body = head.slice(services.index + services[0].length);
    // The services block ends at the next top-level key.
    const end = /^[^\s#-][^\n]*:/m.exec(body);
    const block = end ? body.slice(0, end.index) : body;
    if (/^[ \t]+(?:image|build|deploy)\s*:/m.test(block)) return 'stack';
    return null; // a CI config's `services:` (a list of images, or a map of sidecars without any of the three)
  }
  return 'spec';
}
