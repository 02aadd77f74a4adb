/**
 * Reads a file deploy-lint itself uses (config, baseline, package.json):
 * never through a symbolic link that leaves the file's folder (a pull request
 * could link `.deploy-lint-baseline.json` to a secret, and an error message
 * would print its first bytes), only a regular file, opened without blocking
 * (a FIFO would hang the run) and under the size limit (docs/architecture.md,
 * untrusted repositories).
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, sep } from 'node:path';

/** Far above any config or baseline. */
export const MAX_OWN_FILE_BYTES = 8 * 1024 * 1024;

export class OwnFileError extends Error {
  constructor(
    message: string,
    /** ENOENT, EACCES, … when the system said why. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The text of `abs`; OwnFileError (a message that never quotes the content) when it may not or cannot be read. */
export function readOwnFile(abs: string): string {
  let real: string;
  let folder: string;
  try {
    real = realpathSync(abs);
    folder = realpathSync(dirname(abs));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OwnFileError(`cannot read (${code ?? 'error'})`, code);
  }
  if (!real.startsWith(folder === sep ? folder : folder + sep)) throw new OwnFileError('it is a symbolic link leading out of its folder: not read');
  let fd: number | undefined;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile()) throw new OwnFileError('not a regular file: not read');
    if (st.size > MAX_OWN_FILE_BYTES) throw new OwnFileError(`${st.size} bytes, more than the ${MAX_OWN_FILE_BYTES}-byte limit: not read`);
    const buf = Buffer.alloc(st.size);
    let n = 0;
    while (n < st.size) {
      const got = readSync(fd, buf, n, st.size - n, n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    if (e instanceof OwnFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new OwnFileError(`cannot read (${code ?? 'error'})`, code);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
