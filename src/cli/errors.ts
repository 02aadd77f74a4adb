/**
 * How a run that cannot go on ends: exit 2 with one line on stderr per line
 * of the message, "internal error" unless it is the user's to fix, and the
 * stack only when DEPLOY_LINT_DEBUG is set.
 */
import { BaselineError } from '../baseline/baseline.js';
import { ConfigError } from '../config/load.js';
import { GraphExportError } from '../export/render.js';
import { WriteError } from '../fs/atomic-write.js';
import type { CliIO } from './io.js';
import { OutputPairingError } from './outputs.js';

export class UsageError extends Error {}

/** Errors that are the user's to fix: printed without "internal error". */
const USAGE_ERRORS = [UsageError, ConfigError, BaselineError, OutputPairingError, GraphExportError, WriteError];

export function isUsageError(err: Error): boolean {
  // YError: yargs' own (unknown argument, missing value, bad choice).
  return USAGE_ERRORS.some((c) => err instanceof c) || err.name === 'YError';
}

/** Prints the error as deploy-lint's one-line message and gives the exit code, 2. */
export function reportFailure(e: unknown, io: CliIO): 2 {
  const err = e instanceof Error ? e : new Error(String(e));
  const prefix = isUsageError(err) ? 'deploy-lint: ' : 'deploy-lint: internal error: ';
  io.stderr.write(`${err.message.split('\n').map((l) => prefix + l).join('\n')}\n`);
  if (io.env.DEPLOY_LINT_DEBUG) io.stderr.write(`${err.stack}\n`);
  return 2;
}
