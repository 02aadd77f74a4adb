/**
 * The boot plan as a timeline picture, like `systemd-analyze plot`: one row per
 * job, a bar from its start to the end of its job, the time it is held up by a
 * wait hatched in red, jobs that never end running off the right edge, the
 * critical chain outlined and its names in bold. One picture per host, stacked.
 */
import { xmlEscape } from '../../report/xml.js';
import type { HostPlan } from '../plan.js';
import type { JobPlan } from '../schedule.js';
import { sec } from './text.js';

const ROW = 18;
const LABEL_GAP = 6;
const LEFT = 20;
const PLOT = 900;
const RIGHT = 380; // room for the labels of bars that end near the right edge
const HEADER = 70;

export function renderSvg(plans: readonly HostPlan[]): string {
  let y = 0;
  const parts: string[] = [];
  for (const p of plans) {
    const { svg, height } = hostSvg(p, y);
    parts.push(svg);
    y += height;
  }
  const width = LEFT + PLOT + RIGHT;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif" font-size="12">`,
    '<defs><pattern id="blocked" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4b6b6"/><rect width="3" height="6" fill="#d9534f"/></pattern></defs>',
    `<rect width="${width}" height="${y}" fill="white"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function hostSvg(p: HostPlan, top: number): { svg: string; height: number } {
  const finite = p.units.flatMap((u) => [u.startSec, u.finishSec]).filter((t): t is number => t !== null);
  const span = Math.max(1, ...finite);
  const x = (t: number | null): number => LEFT + (t === null ? PLOT : (t / span) * PLOT);
  const chain = new Set(p.criticalChain.map((s) => s.unit));
  const out: string[] = [];
  const title = `${p.host ? `host ${p.host}: ` : ''}cold boot to ${p.target}, worst case ${p.worstCaseSec === null ? 'never reached' : sec(p.worstCaseSec)}`;
  out.push(`<text x="${LEFT}" y="${top + 20}" font-size="15" font-weight="bold">${xmlEscape(title)}</text>`);
  out.push(
    `<text x="${LEFT}" y="${top + 38}" fill="#555">bars: start → end of the start job · hatched red: held up by a wait · outlined, bold: critical chain · → edge: never ends</text>`,
  );
  // Axis: about ten ticks at round seconds.
  const step = niceStep(span / 10);
  const bottom = top + HEADER + p.units.length * ROW;
  for (let t = 0; t <= span + 1e-9; t += step) {
    const tx = x(t).toFixed(1);
    out.push(`<line x1="${tx}" y1="${top + HEADER - 8}" x2="${tx}" y2="${bottom}" stroke="#ddd"/>`);
    out.push(`<text x="${tx}" y="${top + HEADER - 12}" fill="#555" text-anchor="middle">${t} s</text>`);
  }
  p.units.forEach((u, i) => out.push(row(u, top + HEADER + i * ROW, x, chain.has(u.unit))));
  return { svg: `<g class="host">\n${out.join('\n')}\n</g>`, height: bottom - top + 20 };
}

function row(u: JobPlan, y: number, x: (t: number | null) => number, onChain: boolean): string {
  const parts: string[] = [];
  const start = u.startSec;
  // A job that never starts: a grey mark where the boot would reach it (or at the right edge).
  if (start === null) {
    const at = x(u.finishSec);
    parts.push(`<rect x="${at.toFixed(1)}" y="${y + 3}" width="4" height="${ROW - 6}" fill="#999"/>`);
    parts.push(label(u, at + 4 + LABEL_GAP, y, onChain, 'never starts'));
    return `<g class="job${onChain ? ' critical' : ''}">${parts.join('')}</g>`;
  }
  const end = u.finishSec;
  const x0 = x(start);
  const x1 = Math.max(x(end), x0 + 2);
  const blockedFrom = u.blockedSec === null ? x0 : x(end === null ? null : end - (u.blockedSec ?? 0));
  const fill = u.fails ? '#f0ad4e' : onChain ? '#5b9bd5' : '#a9c8e8';
  parts.push(`<rect x="${x0.toFixed(1)}" y="${y + 3}" width="${(x1 - x0).toFixed(1)}" height="${ROW - 6}" fill="${fill}"${onChain ? ' stroke="#1f3b73" stroke-width="2"' : ''}/>`);
  if (u.blocksOn !== null && (u.blockedSec === null || u.blockedSec > 0)) {
    parts.push(`<rect x="${blockedFrom.toFixed(1)}" y="${y + 3}" width="${Math.max(2, x1 - blockedFrom).toFixed(1)}" height="${ROW - 6}" fill="url(#blocked)"/>`);
  }
  if (end === null) parts.push(`<text x="${(x1 - 12).toFixed(1)}" y="${y + ROW - 5}" font-weight="bold">→</text>`);
  const note = [u.blockedSec === null ? 'blocked forever' : u.blocksOn && u.blockedSec > 0 ? `blocked ${u.blockedSec} s` : '', u.fails ? 'fails' : '', u.durationKnown ? '' : 'run time unknown']
    .filter(Boolean)
    .join(', ');
  parts.push(label(u, x1 + LABEL_GAP, y, onChain, note));
  const tip = [u.unit, `start ${sec(start)}, over ${sec(end)}`, u.blocksOn ? `blocks on ${u.blocksOn}` : '', u.fails ? `fails: ${u.fails}` : ''].filter(Boolean).join('\n');
  return `<g class="job${onChain ? ' critical' : ''}"><title>${xmlEscape(tip)}</title>${parts.join('')}</g>`;
}

function label(u: JobPlan, at: number, y: number, onChain: boolean, note: string): string {
  const weight = onChain ? ' font-weight="bold"' : '';
  return `<text x="${at.toFixed(1)}" y="${y + ROW - 5}"${weight}>${xmlEscape(u.unit)}${note ? `<tspan fill="#777" font-weight="normal"> (${xmlEscape(note)})</tspan>` : ''}</text>`;
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  if (raw <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}
