/**
 * The boot plan as JSON: `{"hosts":[{"host","target","worstCaseSec","criticalChain":[…],"units":[…]}]}`,
 * every time in seconds from the start of the boot, null for "never". Fields may be added, never renamed.
 */
import type { HostPlan } from '../plan.js';

export function renderJson(plans: readonly HostPlan[]): string {
  const hosts = plans.map((p) => ({
    host: p.host,
    target: p.target,
    worstCaseSec: p.worstCaseSec,
    criticalChain: p.criticalChain.map((s) => ({ unit: s.unit, startSec: s.startSec, readySec: s.readySec, finishSec: s.finishSec, why: s.why })),
    units: p.units.map((u) => ({
      unit: u.unit,
      startSec: u.startSec,
      readySec: u.readySec,
      finishSec: u.finishSec,
      blocksOn: u.blocksOn,
      blockedSec: u.blockedSec,
      fails: u.fails,
      waits: u.waits,
      durationKnown: u.durationKnown,
    })),
  }));
  return `${JSON.stringify({ hosts }, null, 2)}\n`;
}
