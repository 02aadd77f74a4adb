import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes a little repo into a temp dir. A value starting with '->' makes a symlink to the rest. */
export function tempRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-'));
  for (const [path, content] of Object.entries(files)) {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    if (content.startsWith('->')) symlinkSync(content.slice(2).trim(), abs);
    else writeFileSync(abs, content);
  }
  return dir;
}
