/**
 * The configuration in effect for one run: built-in defaults, then the config
 * file, then command-line flags; each value remembers where it came from so
 * `deploy-lint config` can say so.
 */
import { dirname, resolve } from 'node:path';
import type { Level, Override, Vocabulary } from './schema.js';
import { findConfig, loadConfig, type LoadedConfig } from './load.js';

export interface ResolvedConfig {
  /** Absolute path of the config file, if one was used. */
  file?: string;
  /** Globs in the config file (ignore, overrides) are relative to this folder. */
  baseDir: string;
  rules: Record<string, Level>;
  ignore: string[];
  overrides: Override[];
  defaultTarget?: string;
  vocabulary?: Vocabulary;
  external: string[];
  serves: Record<string, string[]>;
  pathMap: Record<string, string>;
  defaultTimeoutStartSec?: number;
  /** Key (`rules.ordering-cycle`, `defaultTarget`, …) → `default`, the config file's label, or the flag. */
  sources: Record<string, string>;
}

export interface CliConfigInput {
  /** --config FILE; when absent the file is searched for upward from cwd. */
  configFile?: string;
  /** --ignore globs (relative to cwd). */
  ignore?: string[];
  /** --default-target. */
  defaultTarget?: string;
}

export function resolveConfig(cwd: string, cli: CliConfigInput = {}): ResolvedConfig {
  const path = cli.configFile ?? findConfig(cwd);
  const loaded = path ? loadConfig(path, cwd) : null;
  return mergeConfig(cwd, loaded, cli);
}

export function mergeConfig(cwd: string, loaded: LoadedConfig | null, cli: CliConfigInput): ResolvedConfig {
  const data = loaded?.data ?? {};
  const from = loaded?.label ?? 'default';
  const sources: Record<string, string> = {};
  const out: ResolvedConfig = {
    file: loaded?.file,
    baseDir: loaded ? dirname(loaded.file) : resolve(cwd),
    rules: { ...data.rules },
    ignore: [...(data.ignore ?? [])],
    overrides: data.overrides ?? [],
    defaultTarget: data.defaultTarget,
    vocabulary: data.vocabulary,
    external: data.external ?? [],
    serves: Object.fromEntries(Object.entries(data.serves ?? {}).map(([h, u]) => [h, typeof u === 'string' ? [u] : u])),
    pathMap: data.pathMap ?? {},
    defaultTimeoutStartSec: data.defaultTimeoutStartSec,
    sources,
  };
  for (const id of Object.keys(out.rules)) sources[`rules.${id}`] = from;
  for (const key of ['ignore', 'overrides', 'defaultTarget', 'vocabulary', 'external', 'serves', 'pathMap', 'defaultTimeoutStartSec'] as const) {
    sources[key] = data[key] !== undefined ? from : 'default';
  }
  if (cli.defaultTarget !== undefined) {
    out.defaultTarget = cli.defaultTarget;
    sources.defaultTarget = '--default-target';
  }
  if (cli.ignore?.length) sources.ignore = sources.ignore === 'default' ? '--ignore' : `${sources.ignore} + --ignore`;
  return out;
}
