/**
 * One command of the CLI: a function that adds itself to the yargs parser.
 * Each lives in commands/<name>.ts and is listed in main.ts. A handler writes
 * through `run.io` only, and sets `run.exitCode` when it is not 0.
 */
import type { Argv } from 'yargs';
import type { CliIO } from './io.js';

export interface Run {
  io: CliIO;
  /** The arguments as given (after plugin-mode translation): --format/--output-file pairing reads their order. */
  argv: readonly string[];
  exitCode: number;
}

export type Command = <T>(y: Argv<T>, run: Run) => Argv<T>;
