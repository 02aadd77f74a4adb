/**
 * Which findings a run reports and at what severity: --select/--ignore-rule,
 * the config's `rules`, then its `overrides` in order (a later override wins,
 * as in ESLint's flat config). A path finding is judged by the file of its
 * primary location.
 */
import { relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { UNSWITCHABLE } from '../model/builtin-findings.js';
import { ALWAYS_SELECTED } from './kinds.js';
import type { ResolvedConfig } from './resolve.js';
import type { Level } from './schema.js';

export interface RuleFilter {
  select?: readonly string[];
  ignoreRules?: readonly string[];
}

const TO_SEVERITY: Record<Exclude<Level, 'off'>, Severity> = { error: 'error', warning: 'warning', warn: 'warning', info: 'info' };

type Matcher = (path: string) => boolean;

/** Globs without a slash match the file name in any folder, as in .gitignore. */
export function globMatcher(globs: readonly string[]): Matcher {
  if (globs.length === 0) return () => false;
  const m = picomatch([...globs], { dot: true, basename: true });
  return (p) => m(p);
}

export class Policy {
  private readonly overrides: { match: Matcher; except: Matcher; rules: Record<string, Level> }[];
  private readonly ignored: Matcher;

  constructor(
    private readonly config: ResolvedConfig | undefined,
    private readonly cwd: string,
    private readonly filter: RuleFilter = {},
  ) {
    this.overrides = (config?.overrides ?? []).map((o) => ({
      match: globMatcher(o.files),
      except: globMatcher(o.ignores ?? []),
      rules: o.rules,
    }));
    this.ignored = globMatcher(config?.ignore ?? []);
  }

  /** The file's path as the config's globs see it (relative to the config file's folder); null when outside it. */
  private configPath(file: string): string | null {
    if (!this.config) return file;
    const rel = relative(this.config.baseDir, resolve(this.cwd, file)).split(sep).join('/');
    return rel.startsWith('../') || rel === '..' ? null : rel;
  }

  /** Whether the config's `ignore` excludes this file (path relative to cwd). */
  isIgnoredFile(file: string): boolean {
    // Asked for every discovered file: no path arithmetic when there is nothing to match.
    if (!this.config?.ignore?.length) return false;
    const p = this.configPath(file);
    return p !== null && this.ignored(p);
  }

  /** Whether the rule runs at all: not excluded by --select/--ignore-rule. */
  isSelected(rule: string): boolean {
    if (UNSWITCHABLE.has(rule)) return true;
    if (this.filter.ignoreRules?.includes(rule)) return false;
    if (!this.filter.select?.length) return true;
    return this.filter.select.includes(rule) || ALWAYS_SELECTED.has(rule);
  }

  /** The configured level for a rule in a file, or undefined for the rule's own default. */
  levelFor(rule: string, file: string): Level | undefined {
    if (UNSWITCHABLE.has(rule)) return undefined;
    let level = this.config?.rules[rule];
    const p = this.overrides.length ? this.configPath(file) : null;
    if (p !== null) {
      for (const o of this.overrides) if (o.match(p) && !o.except(p) && o.rules[rule]) level = o.rules[rule];
    }
    return level;
  }

  /** Whether findings of `rule` in `file` are reported (selected and not `off`). */
  isActive(rule: string, file: string): boolean {
    return this.isSelected(rule) && this.levelFor(rule, file) !== 'off';
  }

  /** Whether the rule could report anything anywhere: used to skip running it. */
  mayRun(rule: string): boolean {
    if (!this.isSelected(rule)) return false;
    if (this.config?.rules[rule] !== 'off') return true;
    return this.overrides.some((o) => o.rules[rule] !== undefined && o.rules[rule] !== 'off');
  }

  /** Drops findings that are off or not selected; sets configured severities. */
  apply(list: readonly Diagnostic[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const d of list) {
      if (!this.isSelected(d.rule)) continue;
      const level = this.levelFor(d.rule, d.location.file);
      if (level === 'off') continue;
      out.push(level === undefined || TO_SEVERITY[level] === d.severity ? d : { ...d, severity: TO_SEVERITY[level] });
    }
    return out;
  }
}
