/** A repository's SARIF as the CLI writes it: suppressed findings carried, GitHub line hashes from the files. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { baselineFrom } from '../../src/baseline/baseline.js';
import { lint } from '../../src/lint.js';
import { sarifReporter } from '../../src/report/sarif.js';

export const EXAMPLES = ['ci-host', 'ci-host-fix-1', 'ci-host-fix-2', 'ci-host-fix-3'].map((e) => join(import.meta.dirname, '..', '..', 'examples', e));

function readable(dir: string) {
  return (file: string): string | undefined => {
    try {
      const abs = join(dir, file);
      return statSync(abs).isFile() ? readFileSync(abs, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
}

/** With `baselineFirst`, every finding is first written to a baseline, so all come out baselined. */
export async function sarifFor(repo: string, opts: { baselineFirst?: boolean } = {}): Promise<string> {
  const baseline = opts.baselineFirst ? baselineFrom((await lint({ paths: ['.'], cwd: repo })).diagnostics) : undefined;
  const r = await lint({ paths: ['.'], cwd: repo, baseline });
  return sarifReporter({
    diagnostics: r.diagnostics,
    fileCount: r.files.length,
    toolVersion: '0.1.0',
    sourceLine: () => undefined,
    sourceText: readable(repo),
    color: false,
    suppressed: r.hidden,
  });
}
