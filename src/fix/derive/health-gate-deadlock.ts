/**
 * Edits for the options of a health-gate-deadlock finding that the rule can only
 * put in words, because they need the file text (where a list ends, whether a
 * literal holds the host once). Each edit is exact or not made: an option that
 * cannot be derived stays display-only and its description says why.
 *
 * - fix 1, gate on an endpoint no later unit serves: when the waiting unit U
 *   serves exactly one endpoint of the same kind itself, the gate's literal gets
 *   that host instead (examples/ci-host-fix-1);
 * - fix 1 of a blocking `systemctl start|restart|enable --now`: `--no-block`
 *   right after the word `systemctl` of the command the finding points at;
 * - fix 3, order the server S before U: fix 2's removal of the ordering edge,
 *   plus Wants=S and After=S on U: a Nix list element after the last one, a
 *   `wants = [ … ];` line above `after`, two lines in a unit file's [Unit]
 *   section, or a new drop-in where U's unit file is a link (never written
 *   through) (examples/ci-host-fix-3).
 */
import { posix } from 'node:path';
import { displayName } from '../../graph/ids.js';
import type { DeployGraph, UnitNode } from '../../graph/model.js';
import { providersOf } from '../../graph/queries/gates.js';
import type { Diagnostic, Fix, TextEdit } from '../../model/diagnostic.js';
import { writtenInRepository, type Span } from '../../model/span.js';
import { spanOffsets } from '../edits.js';

/** A repository file's text (undefined: it does not exist or cannot be read). */
export type ReadText = (file: string) => string | undefined;

export interface RepoFiles {
  read: ReadText;
  /** A regular file, not a link: what a fix may rewrite. */
  editable(file: string): boolean;
}

type Derived = { edits: TextEdit[]; note: string } | { why: string };

export function deriveDeadlockFixes(graph: DeployGraph, d: Diagnostic, files: RepoFiles): void {
  const u = graph.unit(d.subject);
  if (!u) return;
  const drop = d.fixes.find((f) => f.description.startsWith('drop '));
  for (const fix of d.fixes) {
    if (fix.edits?.length) continue;
    let r: Derived | null = null;
    if (fix.description.startsWith('gate on ') || fix.description.startsWith('wait for an endpoint ')) r = otherEndpoint(graph, d, u, files);
    else if (fix.description.startsWith('add --no-block ')) r = noBlock(d, files);
    else if (fix.description.startsWith('order ')) r = reverseOrder(graph, d, u, drop, files);
    if (r) settle(fix, r);
  }
}

function settle(fix: Fix, r: Derived): void {
  if ('edits' in r) {
    fix.edits = r.edits;
    // Unsafe: it changes what the gate checks or what the boot orders; applied only when chosen.
    fix.applicability = 'unsafe';
    fix.description += ` (${r.note})`;
  } else {
    fix.description += ` (no edit: ${r.why})`;
  }
}

/** The endpoint the gate waits on, from the finding's path: the node of its serves/routes step. */
function gateTarget(d: Diagnostic): string | undefined {
  return d.path.find((s) => s.edge === 'serves' || s.edge === 'routes')?.node;
}

const isLocal = (id: string): boolean => id.startsWith('endpoint:localhost');

function otherEndpoint(graph: DeployGraph, d: Diagnostic, u: UnitNode, files: RepoFiles): Derived {
  const target = gateTarget(d);
  if (!target?.startsWith('endpoint:')) return { why: 'the gate does not wait on an endpoint' };
  const served = new Set(graph.edges(['serves']).map((e) => e.to));
  const own = [...served]
    .filter((id) => id.startsWith('endpoint:') && id !== target && isLocal(id) === isLocal(target))
    .filter((id) => providersOf(graph, id, 'serves').some((p) => p.unit === u.id))
    .sort();
  if (own.length !== 1) {
    return { why: own.length ? `${u.id} serves ${own.length} endpoints (${own.map(displayName).join(', ')}): choose one` : `${u.id} serves no other endpoint of that kind itself` };
  }
  const from = displayName(target);
  const to = displayName(own[0]!);
  const at = d.location;
  const text = writtenInRepository(at) && files.editable(at.file) ? files.read(at.file) : undefined;
  const o = text === undefined ? null : spanOffsets(text, at);
  if (!text || !o) return { why: `${at.file} cannot be edited (not a regular file in the repository)` };
  const literal = text.slice(o.start, o.end);
  const q = literal[0];
  if ((q !== '"' && q !== "'") || literal.at(-1) !== q || literal.length < 2) return { why: 'the gate is not written as one string literal' };
  const first = literal.indexOf(from);
  if (first < 0 || literal.indexOf(from, first + 1) >= 0 || /[\\"'$`{}]/.test(to)) return { why: `the literal does not hold ${from} exactly once` };
  return {
    edits: [{ span: spanAt(text, at.file, o.start + first, o.start + first + from.length), replacement: to }],
    note: `writes ${to}, which ${u.id} serves itself`,
  };
}

function noBlock(d: Diagnostic, files: RepoFiles): Derived {
  const at = d.location;
  const text = writtenInRepository(at) && files.editable(at.file) ? files.read(at.file) : undefined;
  const o = text === undefined ? null : spanOffsets(text, at);
  if (!text || !o) return { why: `${at.file} cannot be edited (not a regular file in the repository)` };
  const word = /^\S+/.exec(text.slice(o.start, o.end))?.[0] ?? '';
  if (word !== 'systemctl' && !word.endsWith('/systemctl')) return { why: 'the command does not start with the word systemctl as written' };
  const end = o.start + word.length;
  return { edits: [{ span: spanAt(text, at.file, end, end), replacement: ' --no-block' }], note: `writes \`${word} --no-block\`` };
}

function reverseOrder(graph: DeployGraph, d: Diagnostic, u: UnitNode, drop: Fix | undefined, files: RepoFiles): Derived {
  const s = d.path.find((p) => p.edge === 'after')?.node;
  if (!s) return { why: 'the finding has no ordering step' };
  if (!drop?.edits?.length) return { why: 'the ordering that puts it after cannot be removed by an edit' };
  if (!/^[A-Za-z0-9:_.@\\-]+$/.test(s)) return { why: `${s} cannot be written as a plain unit name` };
  const add = addOrdering(u, s, files);
  if ('why' in add) return add;
  return { edits: [...drop.edits, ...add.edits], note: `${add.note}; the ordering is dropped as in fix 2` };
}

/** Wants=S + After=S on U. */
function addOrdering(u: UnitNode, s: string, files: RepoFiles): Derived {
  const file = u.span.file;
  if (!writtenInRepository(u.span)) return { why: `${u.id} is not written in the repository` };
  if (!files.editable(file)) return file.endsWith('.nix') ? { why: `${file} is a link: not edited` } : dropIn(u, s, files);
  const text = files.read(file);
  if (text === undefined) return { why: `${file} cannot be read` };
  if (file.endsWith('.nix')) return nixOrdering(u, s, text);
  // A unit file: two lines after the last [Unit] assignment of the file.
  const unitEntries = [...u.directives.entries()].filter(([k]) => k.startsWith('Unit.')).flatMap(([, v]) => v);
  const lastUnit = last(unitEntries.filter((e) => e.span.file === file));
  if (!lastUnit) return { why: `${file} has no [Unit] assignment to add Wants= and After= beside` };
  const at = pointAt(lastUnit.span.endLine + 1, 1, file);
  if (!spanOffsets(text, at)) return { why: `${file} does not end its [Unit] line with a newline` };
  return { edits: [{ span: at, replacement: `Wants=${s}\nAfter=${s}\n` }], note: `adds Wants=${s} and After=${s} to ${file}` };
}

/** NixOS: append to the unit's `after`/`wants` list literals, or write `wants = [ … ];` above `after = [`. */
function nixOrdering(u: UnitNode, s: string, text: string): Derived {
  const file = u.span.file;
  const inFile = (key: string) => last((u.directives.get(key) ?? []).filter((e) => e.removal && e.span.file === file));
  const after = inFile('Unit.After');
  if (!after) return { why: `${u.id} has no \`after\` list in ${file} to extend` };
  const edits: TextEdit[] = [{ span: pointAt(after.span.endLine, after.span.endColumn, file), replacement: ` "${s}"` }];
  const wants = inFile('Unit.Wants');
  if (wants) {
    edits.push({ span: pointAt(wants.span.endLine, wants.span.endColumn, file), replacement: ` "${s}"` });
  } else {
    const line = text.split('\n')[after.span.line - 1] ?? '';
    const m = /^([ \t]*)after\s*=\s*\[/.exec(line);
    if (!m) return { why: `the \`after\` list of ${u.id} does not start on the line of its element: where \`wants\` goes is not exact` };
    edits.push({ span: pointAt(after.span.line, 1, file), replacement: `${m[1]}wants = [ "${s}" ];\n` });
  }
  return { edits, note: `adds "${s}" to ${u.id}'s wants and after in ${file}` };
}

/** A unit file that is a link is not written through: a drop-in beside it says the same (man systemd.unit, "drop-in"). */
function dropIn(u: UnitNode, s: string, files: RepoFiles): Derived {
  const file = `${posix.dirname(u.span.file)}/${u.id}.d/50-deploy-lint-order.conf`;
  if (files.read(file) !== undefined || files.editable(file)) return { why: `${file} exists already` };
  return { edits: [{ span: pointAt(1, 1, file), replacement: `[Unit]\nWants=${s}\nAfter=${s}\n` }], note: `creates ${file}: ${u.span.file} is a link, not written through` };
}

function last<T extends { span: Span }>(list: readonly T[]): T | undefined {
  return [...list].sort((a, b) => a.span.endLine - b.span.endLine || a.span.endColumn - b.span.endColumn).at(-1);
}

function pointAt(line: number, column: number, file: string): Span {
  return { file, line, column, endLine: line, endColumn: column };
}

function spanAt(text: string, file: string, start: number, end: number): Span {
  const pos = (off: number) => {
    const before = text.slice(0, off);
    const line = before.split('\n').length;
    return { line, column: off - before.lastIndexOf('\n') };
  };
  const a = pos(start);
  const b = pos(end);
  return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}
