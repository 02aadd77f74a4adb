/**
 * The cold boot as jobs: what the scheduler (schedule.ts) needs to know about
 * each unit of a boot transaction, and nothing else. Kept apart from the graph
 * so the scheduling itself can be tested on generated job sets.
 */

export interface JobOrder {
  /** The job this one waits for (an `after` edge: After= here or Before= there). */
  id: string;
  /** The text that makes the edge, with its place (`deploy-dashboard.service has After=… (file:9)`). */
  why: string;
}

export interface JobNeed {
  id: string;
  /** Requires= fails this job when the other fails and this one is ordered after it; BindsTo= also stops it when not. */
  kind: 'requires' | 'binds-to';
}

/** A wait in a blocking phase of the start job (a health gate, a wait loop, a blocking `systemctl start`). */
export interface JobGate {
  /** What it waits for, as printed (`ci.commoninternet.net`, `foo.service`). */
  target: string;
  /** The gate's own bound; null = none. */
  boundSec: number | null;
  boundWhy?: string;
  /**
   * How the wait can be met: `self` (the unit brings it up itself: part of its
   * own run time), `unknown` (nothing in the repository serves it: assumed to
   * answer, as health-gate-unserved says instead), or by `providers` being up.
   */
  met: 'self' | 'unknown' | 'providers';
  /** Units of the transaction whose being up meets the gate. */
  providers: string[];
  /** Units that would meet it but are not in the transaction (never started at boot). */
  outside: string[];
  /** Where the gate is written (`scripts/warm_reconcile.py:34`). */
  at: string;
}

export interface Job {
  /** The unit's name. */
  id: string;
  /** Declared in the linted repository (preferred on ties when choosing the critical chain). */
  repo: boolean;
  after: JobOrder[];
  needs: JobNeed[];
  gates: JobGate[];
  /** The start job's timeout: null = none (waits forever). */
  timeoutSec: number | null;
  /** Where the timeout comes from (`TimeoutStartSec=900`, `Type=oneshot without TimeoutStartSec=`). */
  timeoutWhy: string;
  /** False when the unit runs commands in its start job whose run time cannot be known (counted as 0). */
  durationKnown: boolean;
  /** Jobs in an ordering cycle never run as ordered (systemd deletes one job to break it). */
  inCycle?: boolean;
}
