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

/**
 * Allocation units one run may charge. A unit holds ~700 bytes: a module of
 * 33,000 services charged 1.7M units of sets and definitions and took 1.27 GB;
 * a parsed file's syntax tree is ~26 bytes per byte of source (PARSED_CHARS_PER_UNIT).
 * 1M units keep a run's parsing and evaluation within ~700 MB and a few
 * seconds, and then every host not fully read gets a host-incomplete error.
 * The precision corpus's largest repository (TUM-DSE/doctor-cluster-config:
 * 210 files, many hosts) charges ~90,000.
 */
export const MAX_ALLOCATED = 1_000_000;
/** Characters of Nix source per allocation unit, for the syntax tree parsing makes of them. */
const PARSED_CHARS_PER_UNIT = 32;

export class RunBudget {
  steps = 0;
  allocated = 0;
  constructor(
    readonly maxSteps: number,
    readonly maxAllocated: number = MAX_ALLOCATED,
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

/** The syntax tree of a Nix file of `length` characters. */
export function parseUnits(length: number): number {
  return Math.ceil(length / PARSED_CHARS_PER_UNIT);
}

export function stringUnits(length: number): number {
  return Math.ceil(length / CHARS_PER_UNIT);
}

/** A list (or set) about to be built with `n` entries: refused before any is made when it is too long. */
export function checkLength(n: number | bigint, what: string, at: Span | undefined): void {
  if (n > MAX_LIST_LENGTH) throw new EvalError(`${what} of ${n} elements is larger than deploy-lint evaluates (${MAX_LIST_LENGTH})`, at, 'other');
}

/** What a file that ran out of its own step budget (`steps`) is told, wherever the overrun is caught. */
export function fileBudgetMessage(steps: number): string {
  return `evaluation budget exceeded: this file's expressions took more than ${steps} steps (an endless loop, or a computation too large to follow); the rest of it is not evaluated`;
}

export function checkStringLength(n: number, at: Span | undefined): void {
  if (n > MAX_STRING_LENGTH) throw new EvalError(`a string of ${n} characters is longer than deploy-lint evaluates (${MAX_STRING_LENGTH})`, at, 'other');
}
