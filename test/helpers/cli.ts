/**
 * How tests run the command line: in-process, `main(argv, io)` with its
 * streams in memory (src/cli/main.ts has no side effects on the process).
 * Only test/cli-smoke.test.ts and the language-server tests, which need a
 * process, spawn the built bin (test/cli-build.ts).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIO } from './memory-io.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `deploy-lint ARGS` in `cwd` (default: the repository root); NO_COLOR is set unless `env` says otherwise. */
export async function runCli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const io = memoryIO(opts.cwd ?? ROOT, opts.env);
  const status = await main(args, io);
  return { status, stdout: io.out(), stderr: io.err() };
}
