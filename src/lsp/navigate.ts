/**
 * Hover and go-to-definition on a unit name where the repository orders or
 * pulls in a unit (`After=`, `Wants=`, `WantedBy=`, Nix `after = [ … ]`, …).
 * The graph already knows which text made each edge (its provenance span), so
 * the name under the cursor is found by position, not by re-parsing the file.
 */
import type { DeployGraph, Edge, UnitEdgeKind, UnitNode } from '../graph/model.js';
import type { Span } from '../model/span.js';

const UNIT_EDGES: readonly UnitEdgeKind[] = ['after', 'wants', 'requires', 'binds-to', 'requisite', 'part-of', 'conflicts', 'upholds', 'installs', 'triggers', 'on-failure', 'on-success'];

export interface UnitReference {
  unit: UnitNode;
  /** The text that names it, where the cursor is. */
  span: Span;
}

/** `line` and `column` are 1-based, as in spans. `textAt` reads the text a span covers. */
export function unitAt(graphs: readonly DeployGraph[], file: string, line: number, column: number, textAt: (s: Span) => string | undefined): UnitReference | undefined {
  for (const g of graphs) {
    for (const e of g.edges(UNIT_EDGES)) {
      for (const p of e.label.provenance) {
        if (p.implicit || !contains(p.span, file, line, column)) continue;
        const unit = named(g, e, textAt(p.span));
        if (unit) return { unit, span: p.span };
      }
    }
  }
  return undefined;
}

/** Of an edge's two ends, the unit the text names (After=B on A names B; Before=A on B names A). */
function named(g: DeployGraph, e: Edge, text: string | undefined): UnitNode | undefined {
  const word = text?.trim().replace(/^["']|["']$/g, '');
  const from = g.unit(e.from);
  const to = g.unit(e.to);
  if (word !== undefined) {
    for (const u of [to, from]) if (u && (u.name === word || u.id === word)) return u;
  }
  return to;
}

function contains(s: Span, file: string, line: number, column: number): boolean {
  if (s.file !== file) return false;
  if (line < s.line || line > s.endLine) return false;
  if (line === s.line && column < s.column) return false;
  if (line === s.endLine && column > s.endColumn) return false;
  return true;
}

/** The hover text: where the unit is defined, its Type= and its start timeout. */
export function describeUnit(u: UnitNode, defaultTimeoutStartSec: number): string {
  const where =
    u.source === 'repo' ? `defined at \`${u.span.file}:${u.span.line}:${u.span.column}\``
    : u.source === 'catalog' ? `a unit systemd ships (\`${u.span.file}\`)`
    : 'not defined in the linted files (only referenced)';
  const lines = [`**${u.id}** — ${where}`];
  if (u.type === 'service') lines.push(`Type=${u.serviceType ?? 'simple'}`);
  if (u.source !== 'missing') lines.push(`start timeout: ${timeout(u, defaultTimeoutStartSec)}`);
  return lines.join('\n\n');
}

function timeout(u: UnitNode, fallback: number): string {
  const at = u.startTimeoutSpan ? ` (\`${u.startTimeoutSpan.file}:${u.startTimeoutSpan.line}\`)` : '';
  if (u.startTimeoutSec === null) return at ? `none${at}: the start job may wait forever` : 'none: Type=oneshot disables the default, the start job may wait forever';
  if (u.startTimeoutSec === undefined) return `${fallback} s (the manager's DefaultTimeoutStartSec=)`;
  return `${u.startTimeoutSec} s${at}`;
}
