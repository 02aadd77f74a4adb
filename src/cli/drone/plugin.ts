/**
 * Drone plugin mode. A plugin step's `settings:` reach the container as
 * PLUGIN_<NAME> variables (arrays joined with commas; Woodpecker may send
 * JSON). When DRONE=true, no command-line arguments were given and a known
 * PLUGIN_ variable is set, they become the equivalent flags.
 */
export const PLUGIN_FLAGS: Record<string, { flag?: string; list?: boolean; bool?: boolean }> = {
  PLUGIN_PATHS: { list: true }, // positional paths
  PLUGIN_FORMAT: { flag: '--format', list: true }, // `name` or `name:file` (e.g. sarif:deploy-lint.sarif)
  PLUGIN_FAIL_ON: { flag: '--fail-on' },
  PLUGIN_CONFIG: { flag: '--config' },
  PLUGIN_BASELINE: { flag: '--baseline' },
  PLUGIN_MAX_WARNINGS: { flag: '--max-warnings' },
  PLUGIN_SELECT: { flag: '--select', list: true },
  PLUGIN_IGNORE_RULE: { flag: '--ignore-rule', list: true },
  PLUGIN_IGNORE: { flag: '--ignore', list: true },
  PLUGIN_DEFAULT_TARGET: { flag: '--default-target' },
  PLUGIN_HOST: { flag: '--host' },
  PLUGIN_EXIT_ZERO: { flag: '--exit-zero', bool: true },
};

export function isPluginMode(env: NodeJS.ProcessEnv, argv: readonly string[]): boolean {
  return env.DRONE === 'true' && argv.length === 0 && Object.keys(PLUGIN_FLAGS).some((k) => env[k] !== undefined && env[k] !== '');
}

function listValue(v: string): string[] {
  const t = v.trim();
  if (t.startsWith('[')) {
    try {
      const parsed = JSON.parse(t) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON after all: fall through to commas
    }
  }
  return t.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The argv that plugin settings stand for. */
export function pluginArgv(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  const paths: string[] = [];
  for (const [name, spec] of Object.entries(PLUGIN_FLAGS)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    if (name === 'PLUGIN_PATHS') {
      paths.push(...listValue(v));
    } else if (name === 'PLUGIN_FORMAT') {
      for (const item of listValue(v)) {
        const colon = item.indexOf(':');
        if (colon > 0) out.push('--format', item.slice(0, colon), '--output-file', item.slice(colon + 1));
        else out.push('--format', item);
      }
    } else if (spec.bool) {
      if (/^(1|true|yes|on)$/i.test(v)) out.push(spec.flag!);
    } else if (spec.list) {
      out.push(spec.flag!, ...listValue(v));
    } else {
      out.push(spec.flag!, v);
    }
  }
  // Paths go first: list flags (--select a b) would swallow positionals after them.
  return [...paths, ...out];
}
