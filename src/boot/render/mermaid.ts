/**
 * The boot plan as a Mermaid gantt chart (renders in GitHub/GitLab Markdown):
 * the critical chain as one section, `crit` where a job is held up by a wait;
 * then the repository's other units and any that block, fail or never start.
 * Other stock units are left out: as far as the files tell they take 0 s.
 */
import type { HostPlan } from '../plan.js';
import type { JobPlan } from '../schedule.js';

/** Mermaid task names end at `:` and `#` starts an entity; unit names rarely hold them, but a hostile repo may. */
function name(s: string): string {
  return s.replace(/[:#;\n\r\u0000-\u001f]/g, '_');
}

export function renderMermaid(plans: readonly HostPlan[]): string {
  const out: string[] = [];
  for (const p of plans) {
    out.push('gantt');
    out.push(`  title ${name(`${p.host ? `host ${p.host}, ` : ''}cold boot to ${p.target}, worst case ${p.worstCaseSec === null ? 'never reached' : `${p.worstCaseSec} s`}`)}`);
    out.push('  dateFormat X');
    out.push('  axisFormat %s s');
    const onChain = new Set(p.criticalChain.map((s) => s.unit));
    const byUnit = new Map(p.units.map((u) => [u.unit, u]));
    out.push('  section critical chain');
    p.criticalChain.forEach((s, i) => out.push(task(byUnit.get(s.unit)!, `c${i}`, p)));
    const others = p.units.filter((u) => !onChain.has(u.unit) && (u.repo || u.blocksOn !== null || u.fails !== null || u.startSec === null));
    if (others.length) out.push('  section other units');
    others.forEach((u, i) => out.push(task(u, `u${i}`, p)));
    out.push('');
  }
  return out.join('\n');
}

function task(u: JobPlan, id: string, p: HostPlan): string {
  const horizon = Math.max(1, p.worstCaseSec ?? 0, ...p.units.map((x) => x.finishSec ?? 0));
  const start = u.startSec ?? u.finishSec ?? horizon;
  const end = u.finishSec ?? horizon;
  const tags = [u.blocksOn !== null && u.blockedSec !== 0 ? 'crit' : '', u.startSec === null ? 'done' : '', end === start ? 'milestone' : ''].filter(Boolean);
  const note = u.startSec === null ? ' (never starts)' : u.finishSec === null ? ' (never ends)' : u.fails ? ' (fails)' : '';
  return `  ${name(u.unit + note)} :${[...tags, id].join(', ')}, ${start}, ${end}`;
}
