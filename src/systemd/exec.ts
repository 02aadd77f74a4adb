/** The commands a service runs, by phase (systemd.service(5), "Options"), in the order systemd runs them. */
export const EXEC_PHASES = ['ExecCondition', 'ExecStartPre', 'ExecStart', 'ExecStartPost', 'ExecReload', 'ExecStop', 'ExecStopPost'] as const;

export type ExecPhase = (typeof EXEC_PHASES)[number];

const PHASES: ReadonlySet<string> = new Set(EXEC_PHASES);

/** Whether `section.key` holds a command line (an Exec*= of [Service]). */
export function isExecDirective(section: string, key: string): key is ExecPhase {
  return section === 'Service' && PHASES.has(key);
}
