/** `deploy-lint config`: every setting in effect, with its value and where it came from. */
import { relative } from 'node:path';
import type { Severity } from '../model/diagnostic.js';
import { allKinds } from './kinds.js';
import type { ResolvedConfig } from './resolve.js';

export interface ConfigEntry {
  key: string;
  value: unknown;
  /** `default`, the config file (`deploy-lint.config.yaml`, `package.json#deploy-lint`) or a flag. */
  source: string;
}

const LEVEL_OF: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

export function describeConfig(c: ResolvedConfig, cwd: string): { file: string | null; entries: ConfigEntry[] } {
  const src = (key: string) => c.sources[key] ?? 'default';
  const entries: ConfigEntry[] = allKinds().map((k) => ({
    key: `rules.${k.id}`,
    value: c.rules[k.id] ?? LEVEL_OF[k.defaultSeverity],
    source: src(`rules.${k.id}`),
  }));
  entries.push(
    { key: 'ignore', value: c.ignore, source: src('ignore') },
    { key: 'overrides', value: c.overrides, source: src('overrides') },
    { key: 'defaultTarget', value: c.defaultTarget ?? 'multi-user.target', source: src('defaultTarget') },
    { key: 'vocabulary', value: c.vocabulary ?? 'built-in (src/parsers/spec/vocabulary.ts)', source: src('vocabulary') },
    { key: 'external', value: c.external, source: src('external') },
    { key: 'serves', value: c.serves, source: src('serves') },
    { key: 'pathMap', value: c.pathMap, source: src('pathMap') },
    { key: 'defaultTimeoutStartSec', value: c.defaultTimeoutStartSec ?? 90, source: src('defaultTimeoutStartSec') },
  );
  return { file: c.file ? relative(cwd, c.file) || c.file : null, entries };
}

export function formatConfig(d: { file: string | null; entries: ConfigEntry[] }): string {
  const width = Math.max(...d.entries.map((e) => e.key.length));
  const shown = d.entries.map((e) => ({ ...e, text: JSON.stringify(e.value) }));
  const vwidth = Math.min(40, Math.max(...shown.map((e) => e.text.length)));
  const lines = [`config file: ${d.file ?? '(none found; defaults)'}`, ''];
  for (const e of shown) lines.push(`${e.key.padEnd(width)}  ${e.text.padEnd(vwidth)}  ${e.source}`);
  return `${lines.join('\n')}\n`;
}
