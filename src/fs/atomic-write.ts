/**
 * Writing a file the way an untrusted repository demands (docs/architecture.md, "Untrusted repositories"): never through a
 * symbolic link (the file, or a folder on the way below `root`), never in place:
 * the text goes to a temporary file created exclusively in the same folder, is
 * flushed, then renamed over the target, so a reader sees the old file or the
 * new one, never half of it.
 */
import type * as Crypto from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { lazyRequire } from '../runtime/lazy-require.js';

/** node:crypto when a file is written, not at every start (bench/README.md, "Start-up"). */
const crypto = lazyRequire<typeof Crypto>('node:crypto');

export class UnsafeWriteError extends Error {}

/** A file deploy-lint was asked to write and could not: the user's to fix (a link, a read-only or full disk), one line. */
export class WriteError extends Error {
  override name = 'WriteError';
}

/**
 * writeFileAtomic for the files a run produces (reports, baselines, cards):
 * folders below `root` are created, never through a link; any failure is a
 * WriteError naming the file and why, never a stack trace.
 */
export function writeOutputFile(shown: string, path: string, text: string, root: string): void {
  const target = resolve(path);
  // Inside the run's folder every folder on the way is checked; a path the user gave elsewhere is theirs.
  const outside = relative(resolve(root), dirname(target)).startsWith('..');
  try {
    if (outside) mkdirSync(dirname(target), { recursive: true });
    writeFileAtomic(target, text, outside ? {} : { root });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = e instanceof UnsafeWriteError ? e.message.replace(target, shown) : code === 'ENOSPC' ? 'no space left on the device' : code === 'EROFS' ? 'read-only file system' : code ? `${code}` : String(e);
    throw new WriteError(`cannot write ${shown}: ${why}`);
  }
}

export interface AtomicWriteOptions {
  /** Folders below this one may be created; none of them may be a link (default: the target's folder must exist). */
  root?: string;
}

export function writeFileAtomic(path: string, text: string, opts: AtomicWriteOptions = {}): void {
  const target = resolve(path);
  const dir = dirname(target);
  if (opts.root !== undefined) ensureFolders(resolve(opts.root), dir);
  let mode = 0o644;
  try {
    const st = lstatSync(target);
    if (st.isSymbolicLink()) throw new UnsafeWriteError(`${path} is a symbolic link: not written through`);
    if (!st.isFile()) throw new UnsafeWriteError(`${path} is not a regular file: not written`);
    mode = st.mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const tmp = join(dir, `.${basename(target)}.${crypto().randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode); // exclusive: fails rather than follow or reuse anything there
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, target);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(tmp);
    } catch {
      // renamed or never made
    }
    throw e;
  }
}

/** Creates the folders from `root` down to `dir`, refusing any that is a link or resolves out of `root`. */
function ensureFolders(root: string, dir: string): void {
  const rel = relative(root, dir);
  if (rel.startsWith('..') || resolve(root, rel) !== dir) throw new UnsafeWriteError(`${dir} is outside ${root}: not written`);
  let cur = root;
  for (const part of rel === '' ? [] : rel.split(sep)) {
    cur = join(cur, part);
    try {
      const st = lstatSync(cur);
      if (st.isSymbolicLink() || !st.isDirectory()) throw new UnsafeWriteError(`${cur} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}: not written through`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(cur);
    }
  }
  const real = realpathSync(dir);
  const realRoot = realpathSync(root);
  if (real !== realRoot && !real.startsWith(realRoot + sep)) throw new UnsafeWriteError(`${dir} resolves outside ${root}: not written`);
}
