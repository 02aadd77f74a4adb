/** The boot plan for a terminal: like `systemd-analyze critical-chain`, plus what blocks, fails and never starts. */
import { formatDuration } from '../../systemd/timespan.js';
import { neverStarted, type HostPlan } from '../plan.js';

export function sec(t: number | null): string {
  if (t === null) return 'never';
  return t >= 60 ? `${t} s (${formatDuration(t)})` : `${t} s`;
}

export function renderText(plans: readonly HostPlan[]): string {
  return plans.map(hostText).join('\n');
}

function hostText(p: HostPlan): string {
  const lines: string[] = [];
  const unknownOnChain = p.criticalChain.filter((s) => p.units.find((u) => u.unit === s.unit)?.durationKnown === false).length;
  const plus = p.worstCaseSec !== null && unknownOnChain ? `, plus the run time of ${unknownOnChain} unit${unknownOnChain === 1 ? '' : 's'} on the chain that the files do not tell` : '';
  lines.push(`${p.host ? `host ${p.host}: ` : ''}cold boot to ${p.target}: worst case ${p.worstCaseSec === null ? 'never reached' : sec(p.worstCaseSec)}${plus}`);
  lines.push('critical chain (@ when the job starts, + how long it runs, = when it is over):');
  // The links that are all over at 0 s only say where the chain starts: one line for them.
  let lead = 0;
  while (lead < p.criticalChain.length - 1 && p.criticalChain[lead]!.finishSec === 0 && p.criticalChain[lead + 1]!.finishSec === 0) lead++;
  if (lead > 0) lines.push(`  over at 0 s: ${p.criticalChain.slice(0, lead).map((s) => s.unit).join(' → ')}`);
  const shown = p.criticalChain.slice(lead);
  const width = Math.max(...shown.map((s) => s.unit.length));
  for (const s of shown) {
    const took = s.startSec === null || s.finishSec === null ? '' : ` +${s.finishSec - s.startSec} s`;
    const over = s.finishSec === null ? ' = never' : ` = ${s.finishSec} s`;
    lines.push(`  ${s.unit.padEnd(width)} @${s.startSec === null ? 'never' : `${s.startSec} s`}${took}${over}`);
    lines.push(`  ${' '.repeat(width)}   ${s.why}`);
  }
  const blocked = p.units.filter((u) => u.blocksOn !== null && (u.blockedSec === null || u.blockedSec > 0));
  if (blocked.length) {
    lines.push('blocked:');
    for (const u of blocked) lines.push(`  ${u.unit} waits ${u.blockedSec === null ? 'forever' : sec(u.blockedSec)} on ${u.blocksOn}`);
  }
  // Waits on what the unit brings up itself are part of its own run time: one line for them all.
  const waits = p.units.flatMap((u) => u.waits.map((w) => ({ unit: u.unit, w })));
  const own = waits.filter((x) => x.w.met === 'self');
  if (waits.length) lines.push('waits in start jobs:');
  for (const x of waits) if (x.w.met !== 'self') lines.push(`  ${x.unit} on ${x.w.target} (${x.w.at}): ${x.w.how}`);
  if (own.length) lines.push(`  on what the unit brings up itself (part of its own run time): ${own.map((x) => `${x.unit} (${x.w.target})`).join(', ')}`);
  const failed = p.units.filter((u) => u.fails !== null);
  if (failed.length) {
    lines.push('fails:');
    for (const u of failed) lines.push(`  ${u.unit}: ${u.fails}`);
  }
  const never = neverStarted(p);
  lines.push(never.length ? 'never start:' : 'never start: none');
  for (const u of never) lines.push(`  ${u.unit}: ${u.fails ?? u.why}`);
  const unknown = p.units.filter((u) => !u.durationKnown).length;
  if (unknown) lines.push(`run time unknown (counted as 0): ${unknown} of ${p.units.length} units (their commands' own run time cannot be known from the files)`);
  return `${lines.join('\n')}\n`;
}
