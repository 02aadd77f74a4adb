/**
 * `systemd.services|targets|sockets|timers|paths|slices.<name>` and
 * `systemd.mounts` → UnitFacts holding the entries the generated unit file
 * would hold (nixos/lib/systemd-lib.nix): dependency lists one entry per
 * element, `unitConfig`/`serviceConfig`/… verbatim, `script`/`preStart`/
 * `postStart` as Exec entries whose value is the script, `environment` and
 * `path` as Environment=, `startAt` as a timer, `wantedBy` as WantedBy=.
 */
import type { UnitEntry, UnitFact } from '../../../model/facts.js';
import type { SourceText, Span } from '../../../model/span.js';
import { parseUnitName } from '../../../systemd/names.js';
import { StrBuilder } from '../eval/strings.js';
import { type Attr, type AttrsV, type StrV, type Thunk } from '../eval/value.js';
import { showPath } from '../modules/merge.js';
import { escapePath } from './escape.js';
import { defSpan, elementSpan, force, get, guard, listItems, names, real, sourceText, unitText, firstUserDef, userDefs, type Reader } from './read.js';
import { spanOf } from '../syntax/positions.js';

export const UNIT_KINDS = [
  ['services', 'service', 'Service', 'serviceConfig'],
  ['targets', 'target', null, null],
  ['sockets', 'socket', 'Socket', 'socketConfig'],
  ['timers', 'timer', 'Timer', 'timerConfig'],
  ['paths', 'path', 'Path', 'pathConfig'],
  ['slices', 'slice', 'Slice', 'sliceConfig'],
] as const;

/**
 * NixOS's list options and the directive each writes, in the order nixpkgs
 * declares them (nixos/lib/systemd-unit-options.nix); a unit's facts keep
 * that order. The directives' meaning is in src/systemd/dependencies.ts: this
 * is only nixpkgs' vocabulary for them.
 */
const UNIT_LISTS: Array<[string, string]> = [
  ['documentation', 'Documentation'],
  ['requires', 'Requires'],
  ['wants', 'Wants'],
  ['upholds', 'Upholds'],
  ['after', 'After'],
  ['before', 'Before'],
  ['bindsTo', 'BindsTo'],
  ['partOf', 'PartOf'],
  ['conflicts', 'Conflicts'],
  ['requisite', 'Requisite'],
  ['onFailure', 'OnFailure'],
  ['onSuccess', 'OnSuccess'],
];

const INSTALL_LISTS: Array<[string, string]> = [
  ['wantedBy', 'WantedBy'],
  ['requiredBy', 'RequiredBy'],
  ['upheldBy', 'UpheldBy'],
  ['aliases', 'Alias'],
];

const SCRIPTS: Array<[string, string]> = [
  ['preStart', 'ExecStartPre'],
  ['script', 'ExecStart'],
  ['postStart', 'ExecStartPost'],
  ['reload', 'ExecReload'],
  ['preStop', 'ExecStop'],
  ['postStop', 'ExecStopPost'],
];

export interface UnitOut {
  units: UnitFact[];
}

/**
 * Every unit a host's `config.systemd` declares. `out` receives each unit as it
 * is read: when the run's budget runs out midway, the units read before it are kept.
 */
export function systemdUnits(r: Reader, systemd: AttrsV | undefined, out: UnitFact[] = []): UnitFact[] {
  for (const [attr, type, section, settings] of UNIT_KINDS) {
    const set = guard(r, undefined, undefined, () => force(r, get(systemd, attr)));
    if (set?.t !== 'attrs') continue;
    const unitNames = names(set);
    for (let i = 0; i < unitNames.length; i++) {
      const name = unitNames[i]!;
      const a = set.map.get(name)!;
      guard(r, a.key, undefined, () => {
        const fact = unitFromOptions(r, `${name}.${type}`, a, section, settings, ['systemd', attr, name]);
        if (fact) for (let j = 0; j < fact.length; j++) out.push(fact[j]!);
      });
    }
  }
  const mounts = guard(r, undefined, undefined, () => force(r, get(systemd, 'mounts')));
  if (mounts?.t === 'list') {
    mounts.items.forEach((item, i) => {
      guard(r, (item.expr ? spanOf(item.expr) : undefined), undefined, () => {
        const m = mountUnit(r, item, i);
        if (m) out.push(m);
      });
    });
  }
  return out;
}

/** One unit (and the timer its `startAt` makes) from its merged options. */
export function unitFromOptions(
  r: Reader,
  unitName: string,
  a: Attr,
  section: string | null,
  settings: string | null,
  path: string[],
  declared?: Span,
): UnitFact[] | null {
  const at = real(a.key) ?? real(a.bind) ?? declared;
  const type = parseUnitName(unitName)?.type;
  if (!type) {
    r.report(`${unitName} is not a valid unit name`, at);
    return null;
  }
  const whole = r.m.noteCalls;
  const cfg = force(r, a);
  if (cfg?.t !== 'attrs') return null;
  const enable = force(r, get(cfg, 'enable'));
  if (enable?.t === 'unknown') {
    r.m.note(`whether ${unitName} is enabled is unknown (${enable.label}): the unit is left out`, at);
    return null;
  }
  if (enable?.t === 'bool' && !enable.v) return null;
  if (!at) return null;
  // Definitions of the unit itself partly unknown (under an unknown condition): anything may be missing.
  const wholeUnknown = r.m.noteCalls > whole;
  const unknown: Track = new Set();
  const entries: UnitEntry[] = [];
  const unitSection = type === 'mount' ? 'Mount' : section;
  tracked(r, unknown, 'Unit.Description', () => scalar(r, cfg, 'description', 'Unit', 'Description', entries));
  for (let i = 0; i < UNIT_LISTS.length; i++) {
    const opt = UNIT_LISTS[i]![0];
    const key = UNIT_LISTS[i]![1];
    tracked(r, unknown, `Unit.${key}`, () => listEntries(r, cfg, opt, 'Unit', key, entries, path));
  }
  settingsEntries(r, cfg, 'unitConfig', 'Unit', entries, path, unknown);
  if (settings && unitSection) settingsEntries(r, cfg, settings, unitSection, entries, path, unknown);
  if (type === 'service') serviceExtras(r, cfg, entries, path, unknown);
  if (type === 'socket') {
    tracked(r, unknown, 'Socket.ListenStream', () => listEntries(r, cfg, 'listenStreams', 'Socket', 'ListenStream', entries, path));
    tracked(r, unknown, 'Socket.ListenDatagram', () => listEntries(r, cfg, 'listenDatagrams', 'Socket', 'ListenDatagram', entries, path));
  }
  for (let i = 0; i < INSTALL_LISTS.length; i++) {
    const opt = INSTALL_LISTS[i]![0];
    const key = INSTALL_LISTS[i]![1];
    tracked(r, unknown, `Install.${key}`, () => listEntries(r, cfg, opt, 'Install', key, entries, path));
  }
  const fact: UnitFact = { kind: 'unit', name: unitName, span: at, origin: 'nix', entries };
  // An option left out as unknown makes only its directive unknown: the rest of the unit is still judged.
  if (wholeUnknown) fact.uncertain = true;
  if (unknown.size) fact.unknown = [...unknown].sort();
  const written = (keys: ReadonlySet<string>, sectionName: string): boolean =>
    entries.some((e) => e.section === sectionName && keys.has(e.key)) || [...keys].some((k) => unknown.has(`${sectionName}.${k}`) || unknown.has(`${sectionName}.*`));
  if (type === 'service') {
    // `systemd.services.jellyfin.serviceConfig.UMask = …`: settings added to a
    // service a module outside the repository defines (nixpkgs' services.NAME,
    // home-manager). Such a definition has no command (written, or unknown but
    // written), or nothing but [Service] settings (no description, ordering or
    // [Install] of its own).
    const command = written(COMMAND_KEYS, 'Service');
    const serviceOnly = entries.every((e) => e.section === 'Service') && ![...unknown].some((k) => !k.startsWith('Service.'));
    if (!command || serviceOnly) {
      r.m.note(`${unitName} has ${command ? 'only [Service] settings' : 'no command (script, ExecStart=, ExecStop=)'} here: taken as settings added to a unit defined outside the repository`, at);
      fact.uncertain = true;
    }
  } else if (entries.length === 0 && unknown.size === 0) {
    // `systemd.targets.sleep.enable = true`: nothing of its own, so the unit systemd or a nixpkgs module ships.
    r.m.note(`${unitName} has no settings here: taken as the unit systemd or a module outside the repository defines`, at);
    fact.uncertain = true;
  } else if (unitSection && type !== 'mount' && entries.length > 0 && entries.every((e) => e.section === unitSection)) {
    // `systemd.timers.borgbackup-job-state.timerConfig.RandomizedDelaySec = …`:
    // only [Timer]/[Socket]/[Path] settings, added to a unit a NixOS module
    // outside the repository makes (services.borgbackup.jobs.NAME).
    r.m.note(`${unitName} has only [${unitSection}] settings here: taken as settings added to a unit defined outside the repository`, at);
    fact.uncertain = true;
  }
  const timer = type === 'service' ? startAtTimer(r, cfg, unitName, path) : null;
  return timer ? [fact, timer] : [fact];
}

/** Directives (`Section.Key`, `Section.*`) whose options could not be known. */
type Track = Set<string>;

/** Runs `f`; if it noted an unknown, `key` could not be known. */
function tracked(r: Reader, unknown: Track, key: string, f: () => void): void {
  const before = r.m.noteCalls;
  f();
  if (r.m.noteCalls > before) unknown.add(key);
}

/** What systemd needs one of to start a service ("has no ExecStart=, ExecStop=, or SuccessAction="). */
const COMMAND_KEYS = new Set(['ExecStart', 'ExecStop', 'SuccessAction']);

function entry(section: string, key: string, value: SourceText, span: Span): UnitEntry {
  return { section, key, value, span };
}

/** A script option's entry, written out, not spread from entry() (docs/architecture.md, "Speed"). */
function scriptEntry(key: string, value: SourceText, span: Span): UnitEntry {
  return { section: 'Service', key, value, span, shellScript: true };
}

/** A single-valued option as one entry (skipped when empty or unset). */
function scalar(r: Reader, cfg: AttrsV, opt: string, section: string, key: string, out: UnitEntry[]): void {
  const a = get(cfg, opt);
  if (!a) return;
  const v = force(r, a)!;
  const d = firstUserDef(a.v);
  const span = defSpan(d);
  if (!span) return;
  const text = unitText(r, v, span);
  if (text === 'unknown') {
    r.m.note(`${opt} is unknown: ${key}= is left out`, span);
    return;
  }
  if (!text || text.s === '') return;
  out.push(entry(section, key, sourceText(text, valueSpan(d!.v) ?? span), span));
}

function valueSpan(t: Thunk): Span | undefined {
  return real((t.expr ? spanOf(t.expr) : undefined));
}

/** A list option: one entry per element, each at its literal, each removable on its own. */
function listEntries(r: Reader, cfg: AttrsV, opt: string, section: string, key: string, out: UnitEntry[], path: string[]): void {
  const a = get(cfg, opt);
  if (!a) return;
  const v = force(r, a);
  if (v?.t === 'unknown') {
    r.m.note(`${showPath([...path, opt])} is unknown (${v.label}): no ${key}= entries`, defSpan(firstUserDef(a.v)) ?? real(a.key));
    return;
  }
  const items = listItems(r, a.v);
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const where = elementSpan(r, it.item, it.value);
    const span = where.span ?? defSpan(it.def);
    if (!span) continue;
    if (it.value.t === 'unknown') {
      r.m.note(`an element of ${showPath([...path, opt])} is unknown (${it.value.label}): it is left out`, span);
      continue;
    }
    const text = unitText(r, it.value, span);
    if (text === 'unknown' || text === null) {
      if (text === 'unknown') r.m.note(`an element of ${showPath([...path, opt])} is unknown: it is left out`, span);
      continue;
    }
    const e = entry(section, key, sourceText(text, span), span);
    if (where.removal && where.expr) {
      e.removal = where.removal;
      r.removals.push({ edit: where.removal, expr: where.expr, holder: e });
    }
    out.push(e);
  }
}

/** `serviceConfig`-style sets: each key verbatim; a list value is the key repeated. */
function settingsEntries(r: Reader, cfg: AttrsV, opt: string, section: string, out: UnitEntry[], path: string[], unknown: Track): void {
  const before = r.m.noteCalls;
  const set = force(r, get(cfg, opt));
  if (set?.t === 'unknown' || r.m.noteCalls > before) {
    if (set?.t === 'unknown') r.m.note(`${showPath([...path, opt])} is unknown (${set.label}): its [${section}] settings are not known`, defSpan(firstUserDef(get(cfg, opt)!.v)));
    unknown.add(`${section}.*`);
  }
  if (set?.t !== 'attrs') return;
  const keys = names(set);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const a = set.map.get(key)!;
    tracked(r, unknown, `${section}.${key}`, () => guard(r, a.key, undefined, () => {
      const v = force(r, a)!;
      if (v.t === 'list') {
        const items = listItems(r, a.v);
        for (let j = 0; j < items.length; j++) {
          const it = items[j]!;
          const where = elementSpan(r, it.item, it.value);
          const span = where.span ?? defSpan(it.def) ?? real(a.bind);
          if (!span) continue;
          const text = unitText(r, it.value, span);
          if (text === 'unknown') r.m.note(`an element of ${showPath([...path, opt, key])} is unknown: it is left out`, span);
          if (text === 'unknown' || text === null) continue;
          out.push(entry(section, key, sourceText(text, span), span));
        }
        return;
      }
      const d = firstUserDef(a.v);
      const span = defSpan(d) ?? real(a.bind);
      if (!span) return;
      const text = unitText(r, v, span);
      if (text === 'unknown') {
        r.m.note(`${showPath([...path, opt, key])} is unknown: ${key}= is left out`, span);
        return;
      }
      if (text === null) return;
      out.push(entry(section, key, sourceText(text, (d && valueSpan(d.v)) ?? span), span));
    }));
  }
}

/** Scripts, environment and PATH: what NixOS writes into the [Service] section for us. */
function serviceExtras(r: Reader, cfg: AttrsV, out: UnitEntry[], path: string[], unknown: Track): void {
  for (let i = 0; i < SCRIPTS.length; i++) {
    const opt = SCRIPTS[i]![0];
    const key = SCRIPTS[i]![1];
    tracked(r, unknown, `Service.${key}`, () => scriptEntries(r, cfg, opt, key, out, path));
  }
  tracked(r, unknown, 'Service.Environment', () => environment(r, cfg, out, path));
}

/** `environment` and `path` as Environment= entries. */
function environment(r: Reader, cfg: AttrsV, out: UnitEntry[], path: string[]): void {
  const env = force(r, get(cfg, 'environment'));
  if (env?.t === 'attrs') {
    const keys = names(env);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const a = env.map.get(k)!;
      guard(r, a.key, undefined, () => {
        const v = force(r, a)!;
        const span = real(a.bind) ?? real(a.key);
        if (!span) return;
        const text = unitText(r, v, span);
        if (text === 'unknown') r.m.note(`${showPath([...path, 'environment', k])} is unknown: it is left out`, span);
        if (text === 'unknown' || text === null) return;
        out.push(entry('Service', 'Environment', envText(k, a, text, span), span));
      });
    }
  }
  const pathOpt = get(cfg, 'path');
  const items = pathOpt ? listItems(r, pathOpt.v) : [];
  if (items.length) {
    const span = defSpan(items[0]!.def);
    const dirs: string[] = [];
    for (const it of items) {
      const text = unitText(r, it.value, span);
      if (text === 'unknown' || text === null) continue;
      dirs.push(text.s);
    }
    if (span && dirs.length) {
      const value = `PATH=${[...dirs.map((d) => `${d}/bin`), ...dirs.map((d) => `${d}/sbin`)].join(':')}`;
      out.push(entry('Service', 'Environment', { text: value, file: span.file, segments: [{ offset: 0, line: span.line, column: span.column }] }, span));
    }
  }
}

/** `K=V` mapped to where K and V are written. */
function envText(k: string, a: Attr, v: StrV, span: Span): SourceText {
  const b = new StrBuilder(span.file);
  b.addString({ t: 'string', s: `${k}=` }, real(a.key) ?? span, false);
  b.addString(v, real(a.bind) ?? span, true);
  const s = b.build();
  return sourceText(s, span);
}

/** `script`-like options: the script text itself, mapped to where it is written. */
function scriptEntries(r: Reader, cfg: AttrsV, opt: string, key: string, out: UnitEntry[], path: string[]): void {
  const a = get(cfg, opt);
  if (!a) return;
  const v = force(r, a)!;
  const defs = userDefs(a.v);
  const span = defSpan(defs[0]);
  if (!span) return;
  if (v.t === 'unknown') {
    r.m.note(`${showPath([...path, opt])} is unknown (${v.label}): its commands are not analysed`, span);
    return;
  }
  if (v.t !== 'string' || v.s.trim() === '') return;
  const files = new Set(defs.map((d) => d.file));
  if (files.size <= 1 || defs.length === 1) {
    out.push(scriptEntry(key, sourceText(v, span), span));
    return;
  }
  // Pieces from several files cannot share one source map: one entry per piece.
  for (const d of defs) {
    const piece = r.m.force(d.v);
    const s = defSpan(d);
    if (piece.t !== 'string' || !s || piece.s.trim() === '') continue;
    out.push(scriptEntry(key, sourceText(piece, s), s));
  }
}

/** `startAt` → `<name>.timer` with OnCalendar= and WantedBy=timers.target. */
function startAtTimer(r: Reader, cfg: AttrsV, unitName: string, path: string[]): import('../../../model/facts.js').UnitFact | null {
  const a = get(cfg, 'startAt');
  if (!a) return null;
  const v = force(r, a)!;
  const d = firstUserDef(a.v);
  const span = defSpan(d);
  if (!span) return null;
  const entries: UnitEntry[] = [];
  const values = v.t === 'list' ? listItems(r, a.v).map((i) => ({ value: i.value, at: elementSpan(r, i.item, i.value).span ?? span })) : [{ value: v, at: span }];
  for (const x of values) {
    if (x.value.t === 'unknown') {
      r.m.note(`${showPath([...path, 'startAt'])} is unknown: no OnCalendar=`, x.at);
      continue;
    }
    if (x.value.t !== 'string') continue;
    entries.push(entry('Timer', 'OnCalendar', sourceText(x.value, x.at), x.at));
  }
  if (!entries.length) return null;
  const timer = unitName.replace(/\.service$/, '.timer');
  entries.push(entry('Install', 'WantedBy', { text: 'timers.target', file: span.file, segments: [{ offset: 0, line: span.line, column: span.column }] }, span));
  return { kind: 'unit', name: timer, span, origin: 'nix', entries };
}

/** A `systemd.mounts` element: named after its `where`, escaped like systemd-escape --path. */
function mountUnit(r: Reader, item: Thunk, i: number): import('../../../model/facts.js').UnitFact | null {
  const cfg = r.m.force(item);
  if (cfg.t !== 'attrs') return null;
  const where = force(r, get(cfg, 'where'));
  const at = real((item.expr ? spanOf(item.expr) : undefined));
  if (where?.t !== 'string') {
    if (where?.t === 'unknown') r.m.note(`the mount point of systemd.mounts element ${i + 1} is unknown: the unit is left out`, at);
    return null;
  }
  const name = `${escapePath(where.s)}.mount`;
  const facts = unitFromOptions(r, name, { v: item, ...(at ? { key: at } : {}) }, 'Mount', 'mountConfig', ['systemd', 'mounts', String(i)], at);
  const fact = facts?.[0];
  if (!fact) return null;
  const mountKeys: Array<[string, string]> = [['what', 'What'], ['where', 'Where'], ['type', 'Type'], ['options', 'Options']];
  const extra: UnitEntry[] = [];
  for (const [opt, key] of mountKeys) scalar(r, cfg, opt, 'Mount', key, extra);
  fact.entries.push(...extra);
  return fact;
}
