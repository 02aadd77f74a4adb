/**
 * `--stdin-filename PATH`: the text an editor pipes in for PATH. PATH must be
 * a file discovery finds (an unsaved buffer of a file on disk); the text is
 * held to the same size limit and UTF-8 rule as a file read from disk.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_FILE_BYTES } from '../discover/read.js';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';

export async function readStdinFor(io: CliIO, path: string): Promise<string> {
  let isFile = false;
  try {
    isFile = statSync(resolve(io.cwd, path)).isFile();
  } catch {
    // reported below
  }
  if (!isFile) throw new UsageError(`--stdin-filename: ${path} is not a file; it names the file whose unsaved text standard input holds`);
  if (!io.stdin) throw new UsageError('--stdin-filename: no standard input to read');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_FILE_BYTES) throw new UsageError(`--stdin-filename: standard input is larger than the ${MAX_FILE_BYTES}-byte limit for a source file`);
    chunks.push(b);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new UsageError('--stdin-filename: standard input is not UTF-8 text');
  }
}
