/**
 * The published JSON Schemas (schema/, generated from the zod schemas by
 * `npm run build`): valid JSON Schema 2020-12 for a real validator (ajv, strict
 * mode), accepting real outputs and real configs — the README's example config
 * among them — and rejecting wrong ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { REPORTERS } from '../src/report/index.js';
import { schemaFiles, schemaText } from '../scripts/gen-schemas.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..');
const SCHEMAS = schemaFiles();

function validator(name: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(SCHEMAS[name]!);
}

describe('schema/', () => {
  it('npm run build writes them into schema/, which the package ships', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; scripts: Record<string, string> };
    expect(pkg.files).toContain('schema');
    expect(pkg.scripts.build).toContain('gen-schemas.js');
    expect(Object.keys(SCHEMAS).sort()).toEqual(['config.schema.json', 'output.schema.json']);
    for (const s of Object.values(SCHEMAS)) expect(schemaText(s)).toMatch(/^\{\n  "\$schema": "https:\/\/json-schema.org\/draft\/2020-12\/schema"/);
  });

  it('output.schema.json accepts the JSON report of the example and of path, fix and parse-error findings', async () => {
    const validate = validator('output.schema.json');
    const repos = [join(ROOT, 'examples', 'ci-host'), join(FIXTURES_DIR, 'hygiene-findings', 'repo'), join(FIXTURES_DIR, 'nix-bad-input', 'repo')];
    for (const cwd of repos) {
      const result = await lint({ paths: ['.'], cwd });
      expect(result.diagnostics.length, cwd).toBeGreaterThan(0);
      const text = REPORTERS.json!({ diagnostics: result.diagnostics, fileCount: result.files.length, toolVersion: '0.0.0', sourceLine: () => undefined, rules: [], color: false });
      const ok = validate(JSON.parse(text));
      expect(validate.errors ?? [], cwd).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('output.schema.json rejects a report with a wrong severity', () => {
    const validate = validator('output.schema.json');
    const bad = { schemaVersion: 1, tool: { name: 'deploy-lint', version: '1' }, summary: { errors: 0, warnings: 0, infos: 0, files: 0 }, diagnostics: [{ rule: 'x', severity: 'fatal', message: '', subject: '', location: { file: 'a', line: 1, column: 1, endLine: 1, endColumn: 1 }, path: [], effect: null, fixes: [], docs: '' }] };
    expect(validate(bad)).toBe(false);
  });

  it("config.schema.json accepts the README's example config and rejects unknown rules, levels and keys", () => {
    const validate = validator('config.schema.json');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Configuration'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const config = parseYaml(example!) as object;
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ $schema: './node_modules/deploy-lint/schema/config.schema.json', rules: { 'ordering-cycle': 'error' } })).toBe(true);
    expect(validate({ rules: { 'ordering-cylce': 'error' } })).toBe(false);
    expect(validate({ rules: { 'ordering-cycle': 'fatal' } })).toBe(false);
    expect(validate({ defaultTarget: 'multi-user.service' })).toBe(false);
    expect(validate({ colour: true })).toBe(false);
  });
});
