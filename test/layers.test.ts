/**
 * The import layers of docs/architecture.md, checked by dependency-cruiser
 * with the project's own .dependency-cruiser.cjs: the sources pass it, and
 * each of its rules catches a little tree that breaks it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function depcruise(cwd: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [DEPCRUISE, 'src', 'rules', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('import layers', () => {
  it('src/ and rules/ keep them', () => {
    const r = depcruise(ROOT);
    expect(r.out).toMatch(/no dependency violations found/);
    expect(r.status).toBe(0);
  });

  it('each rule catches the import it forbids', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-layers-'));
    copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowJs: true } }));
    const files: Record<string, string> = {
      'src/parsers/p.ts': "import '../graph/g.js';\nexport const p = 1;\n",
      'src/graph/g.ts': "import '../../test/t.js';\nexport const g = 1;\n",
      'src/graph/h.ts': "import '../parsers/p.js';\nexport const h = 1;\n",
      'src/report/r.ts': "import '../graph/g.js';\nexport const r = 1;\n",
      'src/systemd/s.ts': "import '../parsers/p.js';\nexport const s = 1;\n",
      'src/cli/c.ts': 'export const c = 1;\n',
      'src/lsp/l.ts': "import '../cli/c.js';\nexport const l = 1;\n",
      'rules/x.ts': "import '../src/cli/c.js';\nexport const x = 1;\n",
      'test/t.ts': 'export const t = 1;\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const r = depcruise(dir);
    expect(r.status).not.toBe(0);
    for (const rule of ['parsers-not-downstream', 'src-not-test', 'graph-not-parsers', 'reporters-only-diagnostics', 'systemd-and-model-at-the-bottom', 'rules-only-graph-and-api', 'cli-is-the-top']) {
      expect(r.out).toContain(`error ${rule}:`);
    }
  });
});
