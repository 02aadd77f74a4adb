/**
 * The evaluation budget of one run, shared by every session (host) of it.
 *
 * Steps bound time; allocation units bound memory: one unit per list element
 * or attribute made, one per 64 characters of string built. Counting steps
 * alone let a few steps allocate gigabytes (`genList (i: i) 9999999`, a
 * string doubled 28 times), and a budget per session let 15 hosts sharing a
 * 200-file import ring take 15 times the time (docs/architecture.md,
 * untrusted repositories).
 */
import type { Span } from '../../../model/span.js';
import { EvalError } from './errors.js';

/** Longest list one operation may build: deploy configuration never needs more. */
export const MAX_LIST_LENGTH = 1_000_000;
/** Longest string: above every source file the walker reads (8 MiB). */
export const MAX_STRING_LENGTH = 16 * 1024 * 1024;
/** Characters of string per allocation unit. */
const CHARS_PER_UNIT = 64;

export class RunBudget {
  steps = 0;
  allocated = 0;
  constructor(
    readonly maxSteps: number,
    /** About 100 bytes a unit at most: 5M units keep a run's evaluation under ~500 MB. */
    readonly maxAllocated: number = 5_000_000,
  ) {}

  /** Whether the run has used up either half of its budget. */
  get spent(): boolean {
    return this.steps > this.maxSteps || this.allocated > this.maxAllocated;
  }
}

/** Charges `units` of allocation; false when that takes the run past its budget. */
export function charge(b: RunBudget, units: number): boolean {
  b.allocated += units;
  return b.allocated <= b.maxAllocated;
}

export function stringUnits(length: number): number {
  return Math.ceil(length / CHARS_PER_UNIT);
}

/** A list (or set) about to be built with `n` entries: refused before any is made when it is too long. */
export function checkLength(n: number | bigint, what: string, at: Span | undefined): void {
  if (n > MAX_LIST_LENGTH) throw new EvalError(`${what} of ${n} elements is larger than deploy-lint evaluates (${MAX_LIST_LENGTH})`, at, 'other');
}

export function checkStringLength(n: number, at: Span | undefined): void {
  if (n > MAX_STRING_LENGTH) throw new EvalError(`a string of ${n} characters is longer than deploy-lint evaluates (${MAX_STRING_LENGTH})`, at, 'other');
}
