import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, type Stats } from 'node:fs';
import type { Diagnostic } from '../model/diagnostic.js';
import { simpleDiagnostic } from '../model/diagnostic.js';
import { span, type Span } from '../model/span.js';
import type { SourceFile } from './source-file.js';
import { INPUT_LIMIT, PARSE_ERROR, UNREADABLE_FILE } from '../model/builtin-findings.js';

/** Files above this size are not parsed: deploy configuration is never this large. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Bytes one run may read, every file together: far above any deploy
 * repository, low enough that a hostile one cannot exhaust the CI machine.
 */
export const MAX_RUN_BYTES = 256 * 1024 * 1024;

/** Bytes read past which a run is a large one: ReadBudget tells its owner once. */
export const LARGE_RUN_BYTES = 16 * 1024 * 1024;

/** What is left of the run's bytes; the first file past the limit is an error, the later ones infos. */
export class ReadBudget {
  left: number;
  hit = false;
  constructor(
    readonly limit = MAX_RUN_BYTES,
    /** Told once, when the run has read more than LARGE_RUN_BYTES. */
    private onLarge?: () => void,
  ) {
    this.left = limit;
  }

  /** Bytes read so far. */
  get read(): number {
    return this.limit - this.left;
  }

  spend(size: number): void {
    this.left -= size;
    if (this.onLarge && this.read > LARGE_RUN_BYTES) {
      const tell = this.onLarge;
      this.onLarge = undefined;
      tell();
    }
  }
}

export type ReadResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Whole small files discovery already read to classify them (./walk.ts,
 * `readHead`): read once, not twice, per unit file. Kept by the SourceFile
 * object, so a later run's discovery, which makes new ones, reads afresh.
 */
const prefetched = new WeakMap<SourceFile, { bytes: Buffer; text: string }>();

/**
 * The whole content of a regular file, read by discovery through the same
 * checks (opened without blocking, fstat), with the text discovery decoded
 * from it leniently: kept when the bytes are valid UTF-8, not decoded twice.
 */
export function rememberContent(file: SourceFile, bytes: Buffer, text: string): void {
  prefetched.set(file, { bytes, text });
}

/** Reads a source file as UTF-8 text; anything else becomes a diagnostic, never an exception. */
export function readSource(file: SourceFile, budget?: ReadBudget): ReadResult {
  const at = span(file.path, 1, 1);
  let bytes: Buffer;
  let fd: number | undefined;
  const known = prefetched.get(file);
  if (known) {
    const refused = budget && charge(budget, known.bytes.length, at);
    if (refused) return fail(refused);
    // Valid UTF-8 without a NUL decodes leniently to what the strict decoder gives, but for the BOM it drops.
    if (known.bytes.indexOf(0) < 0 && isUtf8(known.bytes)) return { ok: true, text: withoutBom(withoutBom(known.text)) };
    return decode(file, known.bytes);
  }
  try {
    // Opened without blocking (a FIFO would wait for a writer) and checked on the descriptor,
    // so what is read is what was checked, even if the path is swapped in between.
    // A file discovery listed as regular, not a link, is opened without following one put in its place since.
    fd = openSync(file.absPath, constants.O_RDONLY | constants.O_NONBLOCK | (file.symlink === false ? constants.O_NOFOLLOW : 0));
    const st = fstatSync(fd);
    if (!st.isFile()) {
      // A link to /dev/null masks a unit or drop-in: empty, as systemd reads it. Anything else
      // that is not a regular file (a FIFO would block the read forever, /dev/zero never ends).
      if (st.isCharacterDevice() && realpathSync(file.absPath) === '/dev/null') return { ok: true, text: '' };
      return fail(simpleDiagnostic(UNREADABLE_FILE, 'error', `cannot read file: not a regular file (${fileType(st)})`, at));
    }
    const size = st.size;
    if (size > MAX_FILE_BYTES) {
      return fail(simpleDiagnostic(PARSE_ERROR, 'error', `file is ${size} bytes, more than the ${MAX_FILE_BYTES}-byte limit for a source file; not parsed`, at));
    }
    const refused = budget && charge(budget, size, at);
    if (refused) return fail(refused);
    bytes = readUpTo(fd, size);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const target = code === 'ENOENT' ? danglingTarget(file.absPath) : null;
    if (target !== null) {
      // A link into what this checkout lacks (a submodule not fetched, a generated file): nothing to lint, nothing wrong here.
      return fail(simpleDiagnostic(UNREADABLE_FILE, 'info', `dangling symbolic link (its target ${target} does not exist): not read`, at));
    }
    return fail(simpleDiagnostic(UNREADABLE_FILE, 'error', `cannot read file (${code})`, at));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return decode(file, bytes);
}

/** Takes `size` bytes from the run's budget; past it, the finding that says so. */
function charge(budget: ReadBudget, size: number, at: Span): Diagnostic | undefined {
  if (size > budget.left) {
    const first = !budget.hit;
    budget.hit = true;
    const message = first
      ? `the run has read ${budget.read} bytes and this file would take it past its ${budget.limit}-byte limit: it and the files after it are not read`
      : 'not read: past the run\'s limit on bytes read';
    return simpleDiagnostic(INPUT_LIMIT, first ? 'error' : 'info', message, at);
  }
  budget.spend(size);
  return undefined;
}

/** The text without one leading byte order mark. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** UTF-8 text, or a finding for a binary file or invalid UTF-8. */
function decode(file: SourceFile, bytes: Buffer): ReadResult {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = countLines(bytes, nul);
    return fail(simpleDiagnostic(PARSE_ERROR, 'error', 'binary file (contains a NUL byte); not parsed', span(file.path, line, 1)));
  }
  try {
    // The decoder drops a leading BOM itself; a second one is dropped too.
    return { ok: true, text: withoutBom(decoder.decode(bytes)) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const line = countLines(bytes, bad);
    const column = bad - (bytes.lastIndexOf(10, bad - 1) + 1) + 1;
    return fail(simpleDiagnostic(PARSE_ERROR, 'error', 'invalid UTF-8; not parsed', span(file.path, line, column)));
  }
}

/** At most `size` bytes (the size fstat gave): a file growing while it is read is cut there. */
function readUpTo(fd: number, size: number): Buffer {
  const buf = Buffer.alloc(size);
  let n = 0;
  while (n < size) {
    const got = readSync(fd, buf, n, size - n, n);
    if (got === 0) break;
    n += got;
  }
  return n === size ? buf : buf.subarray(0, n);
}

function fileType(st: Stats): string {
  return st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : st.isDirectory() ? 'a directory' : 'not a file';
}

function fail(diagnostic: Diagnostic): ReadResult {
  return { ok: false, diagnostic };
}

function countLines(bytes: Buffer, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 10) line++;
  return line;
}

/** Offset of the first byte that does not start a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0;
    if (len === 0) return i;
    try {
      decoder.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length;
}

/** The target of a symbolic link that points nowhere, or null. */
function danglingTarget(path: string): string | null {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : null;
  } catch {
    return null;
  }
}
