/**
 * Every fixture and example gives SARIF that Microsoft's validator accepts
 * with zero errors and zero warnings. (The fast suite checks the example, a
 * stock-unit cycle and suppressions: test/sarif-multitool.test.ts.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, listFixtures } from '../helpers/fixtures.js';
import { EXAMPLES, sarifFor } from '../helpers/sarif-of-repo.js';
import { multitoolValidate, multitoolVersion } from '../helpers/sarif-multitool.js';

describe(`sarif-multitool ${multitoolVersion()} validate, every fixture and example`, () => {
  it('reports no error and no warning', async () => {
    const out = mkdtempSync(join(tmpdir(), 'deploy-lint-multitool-'));
    const repos = [...listFixtures().map((name) => join(FIXTURES_DIR, name, 'repo')), ...EXAMPLES];
    const files = [];
    for (const [i, repo] of repos.entries()) {
      const file = join(out, `${i}-${repo.split('/').slice(-2).join('-')}.sarif`);
      writeFileSync(file, await sarifFor(repo));
      files.push(file);
    }
    expect(files.length).toBeGreaterThan(50);
    expect(multitoolValidate(files).filter((f) => f.level !== 'note')).toEqual([]);
  });
});
