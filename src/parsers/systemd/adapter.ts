/**
 * Unit files, drop-ins and `.wants/`-style links → facts.
 */
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { basename, dirname } from 'node:path/posix';
import type { Fact, UnitEntry } from '../../model/facts.js';
import { lineSpan, span, type Located, type Span } from '../../model/span.js';
import type { SourceFile } from '../../discover/source-file.js';
import type { Adapter, ParseContext, ParseOutput } from '../adapter.js';
import { analyzeExecLine, analyzeExecLineNow } from '../shell/analyzer.js';
import { isExecDirective } from '../../systemd/exec.js';
import { parseUnitName } from '../../systemd/names.js';
import { parseUnitFile } from './unit-file.js';
import { Roots } from '../../discover/roots.js';
import { splitWords } from '../../systemd/words.js';

const LINK_DIR = /^(.+)\.(wants|requires|upholds)$/;

export const systemdAdapter: Adapter = {
  name: 'systemd',
  kinds: ['unit', 'dropin', 'unit-link'],
  async parse(files, ctx) {
    const out: ParseOutput = { facts: [], diagnostics: [] };
    const folders = new Map<string, LinkFolder | null>();
    for (const file of files) {
      if (file.kind === 'unit-link') linkFact(file, folders, out.facts);
      else await readUnitOrDropIn(file, ctx, out);
    }
    return out;
  },
};

async function readUnitOrDropIn(file: SourceFile, ctx: ParseContext, out: ParseOutput): Promise<void> {
  const name = basename(file.path);
  const at = span(file.path, 1, 1);
  if (file.kind === 'unit') {
    const link = file.symlink === false ? null : symlinkTarget(file.absPath);
    if (link === '/dev/null') return; // masked: the unit does not exist
    if (link !== null && basename(link) !== name && parseUnitName(basename(link))) {
      // An alias symlink: `dbus-org.x.service -> real.service`.
      const manager = managerOf(file.path);
      out.facts.push({ kind: 'unit-link', from: basename(link), to: name, edge: 'alias', span: at, ...(manager ? { manager } : {}) });
      return;
    }
  }
  const read = ctx.read(file);
  if (!read.ok) {
    out.diagnostics.push(read.diagnostic);
    return;
  }
  const parsed = parseUnitFile(read.text, file.path);
  out.diagnostics.push(...parsed.diagnostics);
  // The unit a drop-in belongs to names its specifiers; a type-level drop-in has none to give.
  const unitName = file.kind === 'unit' ? name : basename(dirname(file.path)).replace(/\.d$/, '');
  // Environment= values reach the shells the commands start (`sh -c '… $URL …'`).
  const env: Record<string, string> = {};
  for (const e of parsed.entries) {
    if (e.section !== 'Service' || e.key !== 'Environment') continue;
    for (const w of splitWords(e.value)) {
      const eq = w.value.indexOf('=');
      if (eq > 0) env[w.value.slice(0, eq)] = w.value.slice(eq + 1);
    }
  }
  const options = { env, ...(parseUnitName(unitName) ? { unitName } : {}) };
  for (const e of parsed.entries) {
    if (e.section === 'Service' && e.key === 'EnvironmentFile') {
      const read = readEnvironmentFile(e.value.text, file, ctx);
      if (read) e.environmentFile = read;
    }
    if (!isExecDirective(e.section, e.key) || e.value.text === '') continue;
    const analysis = analyzeExecLineNow(e.value, options) ?? (await analyzeExecLine(e.value, options));
    e.shell = analysis.facts;
    out.diagnostics.push(...analysis.diagnostics);
  }
  const decl = declarationSpan(file.path, read.text, parsed.sections[0]?.line ?? 1);
  if (file.kind === 'unit') {
    const manager = managerOf(file.path) ?? (runsOnlyInInitrd(parsed.entries) ? 'initrd' : undefined);
    out.facts.push({ kind: 'unit', name, span: decl, origin: 'unit-file', entries: parsed.entries, ...(manager ? { manager } : {}) });
  } else {
    const target = basename(dirname(file.path)).replace(/\.d$/, '');
    const manager = managerOf(file.path);
    out.facts.push({ kind: 'dropin', target, name, span: decl, entries: parsed.entries, ...(manager ? { manager } : {}) });
  }
}

/**
 * EnvironmentFile=PATH as the unit would read it once installed: PATH inside the
 * tree the unit file is installed from (`overlay/usr/lib/systemd/system/a.service`
 * → `overlay/PATH`), else under the repository root. Read through the run's
 * reader, only when inside the linted roots; anything else stays unknown.
 */
function readEnvironmentFile(value: string, unit: SourceFile, ctx: ParseContext): UnitEntry['environmentFile'] {
  const path = value.trim().replace(/^-/, '');
  if (!path.startsWith('/') || path.includes('%') || path.includes('..')) return undefined;
  const tree = /^(.*?)(?:usr\/)?(?:lib|etc)\/systemd\/(?:system|user)\//.exec(unit.path)?.[1] ?? '';
  const rel = `${tree}${path.slice(1)}`;
  const root = unit.absPath.slice(0, unit.absPath.length - unit.path.length);
  const absPath = `${root}${rel}`;
  const roots = ctx.roots ?? new Roots([root], root);
  if (!existsSync(absPath) || !roots.contains(absPath)) return undefined;
  const read = ctx.read({ path: rel, absPath, kind: 'unit' });
  if (!read.ok) return undefined;
  return { file: rel, vars: parseEnvironmentFile(read.text, rel) };
}

/**
 * `NAME=value` lines (systemd.exec(5), EnvironmentFile=): `#` and `;` comments,
 * blank lines, one level of single or double quotes removed, a trailing
 * backslash joining lines. Other lines are ignored, as systemd does.
 */
export function parseEnvironmentFile(text: string, file: string): Record<string, Located<string>> {
  const vars: Record<string, Located<string>> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || /^\s*[#;]/.test(line)) continue;
    let v = m[2]!;
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0])) v = v.slice(1, -1);
    vars[m[1]!] = { value: v, span: lineSpan(file, start + 1, lines[start]!) };
  }
  return vars;
}

/** The first section header: what implicit edges (default dependencies) point at. */
function declarationSpan(file: string, text: string, line: number): Span {
  const lineText = text.split(/\r?\n/, line)[line - 1] ?? '';
  return lineSpan(file, line, lineText.trimEnd());
}

/** What a `.wants/`-style folder says of every link in it. */
interface LinkFolder {
  from: string;
  edge: 'wants' | 'requires' | 'upholds';
  manager: 'user' | 'initrd' | undefined;
}

/** The link's fact; `folders` keeps what each folder says, asked once per folder, not per link. */
function linkFact(file: SourceFile, folders: Map<string, LinkFolder | null>, facts: Fact[]): void {
  const dir = dirname(file.path);
  let folder = folders.get(dir);
  if (folder === undefined) {
    const m = LINK_DIR.exec(basename(dir));
    folders.set(dir, (folder = m ? { from: m[1]!, edge: m[2] as LinkFolder['edge'], manager: managerOf(file.path) } : null));
  }
  if (!folder) return;
  const { from, edge, manager } = folder;
  facts.push({ kind: 'unit-link', from, to: basename(file.path), edge, span: span(file.path, 1, 1), ...(manager ? { manager } : {}) });
}

/**
 * The manager a unit file belongs to, by where it is installed (man
 * systemd.unit, "unit file load path"): `…/systemd/user/` (`/usr/lib/systemd/user`,
 * `~/.config/systemd/user`, `/etc/systemd/user`) is the user manager's;
 * a dracut module folder (`…/dracut/modules.d/NN<name>/`) is the initrd's.
 */
export function managerOf(path: string): 'user' | 'initrd' | undefined {
  if (/(?:^|\/)systemd\/user\//.test(path)) return 'user';
  if (/(?:^|\/)modules\.d\/[^/]+\//.test(path) && !/(?:^|\/)systemd\/(?:system|network)\//.test(path)) return 'initrd';
  return undefined;
}

/** `ConditionPathExists=/etc/initrd-release`: a unit installed with the system's that only ever runs in the initrd. */
function runsOnlyInInitrd(entries: readonly UnitEntry[]): boolean {
  return entries.some((e) => e.section === 'Unit' && e.key === 'ConditionPathExists' && e.value.text.trim() === '/etc/initrd-release');
}

function symlinkTarget(abs: string): string | null {
  try {
    return lstatSync(abs).isSymbolicLink() ? readlinkSync(abs) : null;
  } catch {
    return null;
  }
}

