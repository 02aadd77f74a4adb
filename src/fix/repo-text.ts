/** Repository files for fix derivation: the text the parsers read, else the file if it is a regular one. */
import { lstatSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_FILE_BYTES, type ReadResult } from '../discover/read.js';
import type { RepoFiles } from './derive/index.js';

export function repoFiles(cwd: string, cache: ReadonlyMap<string, ReadResult> = new Map()): RepoFiles {
  const regular = (file: string): boolean => {
    try {
      const st = lstatSync(resolve(cwd, file));
      return st.isFile() && st.size <= MAX_FILE_BYTES;
    } catch {
      return false;
    }
  };
  return {
    read(file) {
      const cached = cache.get(file);
      if (cached) return cached.ok ? cached.text : undefined;
      try {
        return regular(file) ? readFileSync(resolve(cwd, file), 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    editable: regular,
  };
}
