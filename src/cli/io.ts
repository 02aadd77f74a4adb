/**
 * What a CLI run may touch of its process: two output streams, the
 * environment and the working directory. `main` gets them as arguments so it
 * can run in-process (tests, an editor) as well as from bin/deploy-lint.js.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { MAX_FILE_BYTES } from '../discover/read.js';
import { writeOutputFile } from '../fs/atomic-write.js';

/** The part of a stream the CLI writes to; process.stdout/stderr are ones, so is any Writable. */
export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** A terminal's width (process.stdout has it on a TTY). */
  columns?: number;
}

export interface CliIO {
  /** Standard input, for `--stdin-filename` and the language server; absent when a caller has none to give. */
  stdin?: NodeJS.ReadableStream;
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The IO of the running process, for bin/deploy-lint.js. */
export function processIO(): CliIO {
  guardStream(process.stdout, 'standard output');
  guardStream(process.stderr, 'standard error');
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * A closed reader (`deploy-lint . | head -1`, EPIPE) ends the output quietly:
 * the run finishes and exits with the code its findings deserve (--exit-zero
 * included). Any other write error is one line and exit 2, never a stack.
 */
function guardStream(stream: NodeJS.WriteStream, name: string): void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (closed) return; // later writes to a destroyed stream fail too
    closed = true;
    if (e.code === 'EPIPE') return;
    try {
      process.stderr.write(`deploy-lint: cannot write to ${name}: ${e.code ?? e.message}\n`);
    } finally {
      process.exit(2);
    }
  });
}

/** --color, then NO_COLOR and FORCE_COLOR (https://no-color.org, https://force-color.org), then a TTY that is not TERM=dumb. */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  // TERM=dumb: a terminal that cannot take escape sequences (Emacs shell, some CI consoles).
  return isTTY && env.TERM !== 'dumb';
}

/** Writes a report to a file (relative to the run's cwd, folders created) or, with no file, to stdout. */
export function writeOutput(io: CliIO, file: string | undefined, text: string): void {
  if (file === undefined) {
    io.stdout.write(text);
    return;
  }
  // Never through a link the repository planted, never half-written (src/fs/atomic-write.ts).
  writeOutputFile(file, resolve(io.cwd, file), text, io.cwd);
}

/** Source files for reporters (code frames, SARIF line hashes), each read once, relative to `dir`. */
export function sourceReader(
  dir: string,
  /** Texts that stand in for files on disk (absolute path → text): `--stdin-filename`. */
  overrides: ReadonlyMap<string, string> = new Map(),
): { text(file: string): string | undefined; line(file: string, line: number): string | undefined } {
  const cache = new Map<string, { text: string; lines: string[] } | null>();
  let rootReal: string | undefined;
  /** A code frame never quotes what a link in the repository points at outside it (a unit linked to /etc/passwd). */
  const insideRoot = (path: string): boolean => {
    try {
      rootReal ??= realpathSync(dir);
      const real = realpathSync(path);
      return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
    } catch {
      return false;
    }
  };
  const load = (file: string) => {
    if (!cache.has(file)) {
      try {
        const path = resolve(dir, file);
        const given = overrides.get(path);
        if (given !== undefined) {
          cache.set(file, { text: given, lines: given.split(/\r?\n/) });
          return cache.get(file);
        }
        // Only regular files of a sane size inside the root: a FIFO would block, /dev/zero never ends.
        const st = statSync(path);
        const text = st.isFile() && st.size <= MAX_FILE_BYTES && insideRoot(path) ? readFileSync(path, 'utf8') : null;
        cache.set(file, text === null ? null : { text, lines: text.split(/\r?\n/) });
      } catch {
        cache.set(file, null);
      }
    }
    return cache.get(file);
  };
  return { text: (file) => load(file)?.text, line: (file, line) => load(file)?.lines[line - 1] };
}
