/**
 * What discovery reads, by name, folder and first bytes: every deploy format,
 * and not the tool settings that sit beside them in real repositories (JSON
 * with comments would otherwise be a parse error of a "spec" that is none).
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../src/discover/classify.js';

const kind = (path: string, head = ''): string | null => classify(path, () => head);

describe('classify', () => {
  it('reads the deploy formats', () => {
    expect(kind('units/a.service')).toBe('unit');
    expect(kind('units/a.service.d/override.conf')).toBe('dropin');
    expect(kind('units/multi-user.target.wants/a.service')).toBe('unit-link');
    expect(kind('nix/host.nix')).toBe('nix');
    expect(kind('scripts/reconcile.py')).toBe('python');
    expect(kind('scripts/deploy', '#!/usr/bin/env python3\n')).toBe('python');
    expect(kind('scripts/wait.sh')).toBe('shell');
    expect(kind('stacks/web.yml', 'version: "3.8"\nservices:\n  web: {}\n')).toBe('stack');
    expect(kind('specs.yml', 'specs:\n  web: {}\n')).toBe('spec');
    expect(kind('specs/web.json')).toBe('spec');
    expect(kind('specs/web.toml')).toBe('spec');
  });

  it('leaves tool settings alone', () => {
    for (const path of [
      'package.json',
      'tsconfig.json',
      'app/tsconfig.app.json',
      'app/tsconfig.spec.json',
      'jsconfig.base.json',
      '.eslintrc.json',
      '.vscode/settings.json',
      '.vscode/launch.json',
      '.devcontainer/devcontainer.json',
      '.github/workflows/ci.yml',
      'deploy-lint.config.yaml',
    ]) {
      expect(kind(path, '{}'), path).toBeNull();
    }
  });
});
