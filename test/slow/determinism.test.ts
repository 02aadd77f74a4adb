/**
 * Same files, same bytes out, whatever order they are named or found in; and
 * the JSON output always matches its published schema.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { jsonReporter } from '../../src/report/json.js';
import { jsonReportSchema } from '../../src/report/json-schema.js';
import { FIXTURES_DIR, listFixtures } from '../helpers/fixtures.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? filesUnder(abs) : [abs];
  });
}

async function jsonOf(cwd: string, paths: string[]): Promise<string> {
  const result = await lint({ paths, cwd });
  return jsonReporter({ diagnostics: result.diagnostics, fileCount: result.files.length, toolVersion: 'test', sourceLine: () => undefined, color: false });
}

describe('deterministic output', () => {
  for (const name of listFixtures()) {
    it(`${name}: forward, reversed and shuffled file lists give the same bytes`, async () => {
      const cwd = join(FIXTURES_DIR, name, 'repo');
      const files = filesUnder(cwd).map((f) => relative(cwd, f));
      const whole = await jsonOf(cwd, ['.']);
      expect(await jsonOf(cwd, [...files].reverse())).toBe(await jsonOf(cwd, files));
      // Rotate the list: a different first file, the same findings.
      const rotated = [...files.slice(files.length >> 1), ...files.slice(0, files.length >> 1)];
      expect(await jsonOf(cwd, rotated)).toBe(await jsonOf(cwd, files));
      expect(jsonReportSchema.safeParse(JSON.parse(whole)).success).toBe(true);
    });
  }
});
