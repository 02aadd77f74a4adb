/**
 * Every fixture under fixtures/ is linted as its own repo and must produce
 * exactly the findings in its expected.json — the same ones whatever order the
 * files are discovered in — and only ids the registry knows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { expectApplicability } from './helpers/fix-applicability.js';
import { compact, FIXTURES_DIR, listFixtures, readExpected, unregisteredIds } from './helpers/fixtures.js';

describe('fixtures', () => {
  for (const name of listFixtures()) {
    it(name, async () => {
      const cwd = join(FIXTURES_DIR, name, 'repo');
      const result = await lint({ paths: ['.'], cwd, root: cwd });
      const actual = result.diagnostics.map(compact);
      // Every finding is placed where the repository can be edited (stock units stay path steps).
      expect(result.diagnostics.filter((d) => d.location.file.startsWith('/')).map(compact)).toEqual([]);
      expect(actual).toEqual(readExpected(name, actual));
      expectApplicability(result.diagnostics);
      expect(unregisteredIds(result.diagnostics)).toEqual([]);
    });
  }
});
