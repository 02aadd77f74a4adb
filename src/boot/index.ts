/** The boot plan engine: graphs in, plans and their formats out (the CLI command is src/cli/commands/boot.ts). */
import type { DeployGraph } from '../graph/model.js';
import { hostPlan, type HostPlan } from './plan.js';
import { renderJson } from './render/json.js';
import { renderMermaid } from './render/mermaid.js';
import { renderSvg } from './render/svg.js';
import { renderText } from './render/text.js';

export type { HostPlan } from './plan.js';

export const BOOT_FORMATS = ['text', 'json', 'svg', 'mermaid'] as const;
export type BootFormat = (typeof BOOT_FORMATS)[number];

export interface BootOptions {
  /** Plan the start of this unit instead of the default target. */
  target?: string;
  defaultTimeoutStartSec: number;
}

/** One plan per host graph that holds the target; the hosts that lack it, for the caller to report. */
export function bootPlans(graphs: readonly DeployGraph[], opts: BootOptions): { plans: HostPlan[]; missing: string[] } {
  const plans: HostPlan[] = [];
  const missing: string[] = [];
  for (const g of graphs) {
    // A module no host imports, evaluated on its own, is not a machine that boots.
    if (g.partial) continue;
    const target = opts.target ?? g.defaultTarget;
    if (g.unit(target)) plans.push(hostPlan(g, opts));
    else missing.push(g.host ? `host ${g.host}` : 'the repository');
  }
  return { plans, missing };
}

export function renderPlans(plans: readonly HostPlan[], format: BootFormat): string {
  switch (format) {
    case 'json':
      return renderJson(plans);
    case 'svg':
      return renderSvg(plans);
    case 'mermaid':
      return renderMermaid(plans);
    default:
      return renderText(plans);
  }
}
