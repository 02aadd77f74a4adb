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
    expect(kind('stacks/web.yml', 'version: "3.8"\nservices:\n  web:\n    image: nginx\n')).toBe('stack');
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

  it('reads a unit only when it is INI with sections', () => {
    expect(kind('avahi/ssh.service', '<?xml version="1.0" standalone=\'no\'?>\n<service-group>\n')).toBeNull();
    expect(kind('docs/notes.service', 'This file documents the service.\nIt is not a unit.\n')).toBeNull();
    expect(kind('units/a.service', '# comment\n\n[Unit]\nDescription=a\n')).toBe('unit');
    expect(kind('units/empty.service', '')).toBe('unit');
    // systemd loads it and complains about the line before the header: a unit with a parse error.
    expect(kind('units/b.service', 'Description=b\n[Unit]\nAfter=a.service\n')).toBe('unit');
    expect(kind('units/a.service.d/x.conf', '<xml/>\n')).toBeNull();
  });

  it('reads YAML as a stack only when it looks like compose', () => {
    expect(kind('.travis.yml', 'language: go\nservices:\n  - docker\n')).toBeNull();
    expect(kind('ci/pipeline.yml', 'services:\n  - postgres:13\nscript: make\n')).toBeNull();
    expect(kind('.woodpecker/build.yml', 'services:\n  db:\n    image: postgres\n')).toBeNull();
    expect(kind('chart/templates/deploy.yaml', 'services:\n  web:\n    image: {{ .Values.image }}\n')).toBeNull();
    // docker expands Go templates in a swarm service's hostname itself: still a stack.
    expect(kind('swarmprom.yml', 'services:\n  node-exporter:\n    image: prom/node-exporter\n    hostname: "{{.Node.Hostname}}"\n')).toBe('stack');
    expect(kind('k8s/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n')).toBeNull();
    expect(kind('stack.yml', 'version: "3.8"\nservices:\n  web:\n    build: .\nnetworks:\n  n: {}\n')).toBe('stack');
    expect(kind('stack.yml', 'services:\n  web:\n    deploy:\n      replicas: 2\n')).toBe('stack');
    expect(kind('.devcontainer.json', '// comment\n{}')).toBeNull();
  });
});
