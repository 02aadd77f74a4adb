/** Service types (systemd.service(5), Type=) and what each means for the start job. */
import type { ExecPhase } from './exec.js';

export const SERVICE_TYPES = ['simple', 'exec', 'forking', 'oneshot', 'dbus', 'notify', 'notify-reload', 'idle'] as const;

export type ServiceType = (typeof SERVICE_TYPES)[number];

const TYPES: ReadonlySet<string> = new Set(SERVICE_TYPES);

export function isServiceType(s: string): s is ServiceType {
  return TYPES.has(s);
}

/** Types whose start job waits for the main process: until it exits (oneshot) or reports readiness. */
const MAIN_PROCESS_BLOCKS: ReadonlySet<ServiceType> = new Set(['oneshot', 'forking', 'notify', 'notify-reload', 'dbus']);

/**
 * Whether a command in `phase` holds up the unit's start job: ExecCondition
 * and ExecStartPre/Post always; the main process for oneshot (until it exits)
 * and for forking/notify/dbus (until readiness); never for simple/exec/idle.
 */
export function holdsUpStartJob(type: ServiceType | undefined, phase: ExecPhase): boolean {
  if (phase === 'ExecStartPre' || phase === 'ExecStartPost' || phase === 'ExecCondition') return true;
  if (phase !== 'ExecStart') return false;
  return MAIN_PROCESS_BLOCKS.has(type ?? 'simple');
}
