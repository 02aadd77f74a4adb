/**
 * Finds and reads the configuration: `deploy-lint.config.json`,
 * `deploy-lint.config.yaml`/`.yml`, or a `"deploy-lint"` key in package.json,
 * searching upward from the working directory. The search stops at the
 * repository root (the folder holding `.git`) so a stray file above the
 * checkout never changes a CI run.
 */
import { existsSync } from 'node:fs';
import { readOwnFile, type OwnFileError } from '../fs/read-own-file.js';
import { dirname, join, relative, resolve } from 'node:path';
import type * as Yaml from 'yaml';
import { lazyRequire } from '../runtime/lazy-require.js';
import type { z } from 'zod';
import { configSchema, CONFIG_KEYS, type ConfigFile } from './schema.js';
import { knownRuleIds } from './kinds.js';

/** The YAML parser, loaded only for a YAML config file. */
const yaml = lazyRequire<typeof Yaml>('yaml');

/** A configuration problem: exit code 2, with a message naming the file and the key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadedConfig {
  /** Absolute path of the file the settings came from. */
  file: string;
  /** `package.json#deploy-lint` when read from package.json. */
  label: string;
  data: ConfigFile;
}

export const FILE_NAMES = ['deploy-lint.config.json', 'deploy-lint.config.yaml', 'deploy-lint.config.yml'];

/** The config file that applies to `cwd`, or null when there is none. */
export function findConfig(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of FILE_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && packageHasKey(pkg)) return pkg;
    const parent = dirname(dir);
    if (existsSync(join(dir, '.git')) || parent === dir) return null;
    dir = parent;
  }
}

export function packageHasKey(pkg: string): boolean {
  try {
    const data = JSON.parse(readOwnFile(pkg)) as unknown;
    return typeof data === 'object' && data !== null && 'deploy-lint' in data;
  } catch {
    return false; // a broken package.json is npm's problem, not a deploy-lint config
  }
}

/** Reads and validates one config file; `cwd` only shortens file names in messages. */
export function loadConfig(file: string, cwd: string): LoadedConfig {
  const abs = resolve(cwd, file);
  const shown = relative(cwd, abs) || abs;
  let text: string;
  try {
    text = readOwnFile(abs);
  } catch (e) {
    const code = (e as OwnFileError).code;
    throw new ConfigError(`${shown}: ${code ? `cannot read config file (${code})` : `config file: ${(e as Error).message}`}`);
  }
  const isPackage = abs.endsWith('package.json');
  let raw = parseText(text, abs, shown);
  if (isPackage) raw = (raw as Record<string, unknown> | null)?.['deploy-lint'];
  const label = isPackage ? `${shown}#deploy-lint` : shown;
  const parsed = configSchema(knownRuleIds()).safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(formatIssues(label, parsed.error.issues));
  return { file: abs, label, data: parsed.data };
}

function parseText(text: string, abs: string, shown: string): unknown {
  if (/\.ya?ml$/.test(abs)) {
    const doc = yaml().parseDocument(text);
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      // The first line of the message, without the position the prefix already gives.
      const what = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new ConfigError(`${shown}${pos ? `:${pos.line}:${pos.col}` : ''}: invalid YAML: ${what}`);
    }
    return doc.toJS() as unknown;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConfigError(`${shown}: invalid JSON: ${(e as Error).message}`);
  }
}

/** One line per problem: `file: key.path: what was expected`. */
function formatIssues(label: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const expected = issue.path.length === 0 ? `; expected one of: ${CONFIG_KEYS.join(', ')}` : '';
      for (const key of issue.keys) lines.push(`${label}: ${keyPath([...issue.path, key])}: unknown key${expected}`);
    } else {
      lines.push(`${label}: ${keyPath(issue.path) || '(top level)'}: ${issue.message}`);
    }
  }
  return lines.join('\n');
}

export function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}
