import type { CliIO } from '../../src/cli/main.js';

/** A CLI run's streams in memory, for main() in-process. */
export function memoryIO(cwd: string, env: NodeJS.ProcessEnv = {}): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: { NO_COLOR: '1', ...env },
    cwd,
    out: () => out,
    err: () => err,
  };
}
