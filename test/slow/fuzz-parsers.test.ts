/**
 * Property-based fuzzing of every parser through its adapter (fast-check,
 * fixed seeds): any text, as a unit file, a drop-in, a Nix module, a stack, a
 * spec or a shell script, lints without throwing and without an internal
 * error, every span of every finding lies inside the file, and a second lint
 * of the same text gives the same findings. The texts mix each format's own
 * tokens with arbitrary characters, so they reach deep into each grammar.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { INTERNAL_ERROR } from '../../src/model/builtin-findings.js';
import type { Span } from '../../src/model/span.js';

const TOKENS: Record<string, string[]> = {
  'units/app.service': ['[Unit]', '[Service]', '[Install]', 'After=', 'Wants=', 'Requires=', 'Before=', 'ExecStart=', 'ExecStartPre=', 'Type=oneshot', 'TimeoutStartSec=', 'WantedBy=multi-user.target', 'b.service', '%n', '%i', '\\', '"', "'", ';', '$', '${X}', 'curl -sf http://a/', 'until ', '; do sleep 1; done', '\n', '=', '#'],
  'units/b.service.d/x.conf': ['[Unit]', 'After=', 'app.service', '\n', '=', '[Service]', 'Environment="A=1 B=2"', '\\\n'],
  'nix/host.nix': ['{ config, lib, pkgs, ... }:', '{', '}', '[', ']', '(', ')', ';', '=', 'let', 'in', 'rec', 'with', 'inherit', 'if', 'then', 'else', 'x:', '...', '"', "''", '${', '$', './a.nix', 'import', 'systemd.services.a', 'after', '"b.service"', 'lib.mkIf', 'builtins.readFile', '//', '++', '#', '/*', '*/', '\n'],
  'stacks/web.yml': ['services:', '  web:', '    image: nginx', '    deploy:', '      labels:', '        - traefik.http.routers.a.rule=Host(`a.example`)', 'networks:', '  net:', '    driver: overlay', '&a', '*a', '<<:', '- ', ': ', '"', "'", '{', '}', '[', ']', '\n', '  ', '#'],
  'specs/deploy.toml': ['[specs.a]', 'health_domain = ', 'stack = ', '"stacks/web.yml"', 'timeout = 30', '[[x]]', '=', '"', "'''", '{', '}', '[', ']', '\n', '#'],
  'scripts/run.sh': ['#!/bin/bash\n', 'until curl -sf http://a/; do sleep 1; done', 'docker stack deploy -c s.yml x', 'systemctl start a.service', '<<<', '<>', '$((', '))', '$(', ')', '`', '"', "'", '{', '}', '[[', ']]', 'if', 'then', 'fi', 'case', 'esac', ';;', '&&', '||', '|', '\n', '\\'],
};

function within(s: Span, lines: number): boolean {
  return s.line >= 1 && s.line <= s.endLine && s.endLine <= lines + 1 && s.column >= 1 && s.endColumn >= 1 && (s.line !== s.endLine || s.column <= s.endColumn);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('fuzzing every parser through its adapter', () => {
  for (const [file, tokens] of Object.entries(TOKENS)) {
    it(`${file}: never throws, no internal error, spans in the file, deterministic`, async () => {
      const text = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...tokens) }, { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) }, { weight: 1, arbitrary: fc.constantFrom(' ', '\n', '\t', '\r\n') }), { maxLength: 60 }).map((parts) => parts.join(''));
      await fc.assert(
        fc.asyncProperty(text, async (t) => {
          const dir = mkdtempSync(join(tmpdir(), 'deploy-lint-fuzz-'));
          dirs.push(dir);
          const path = join(dir, file);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, t);
          const first = await lint({ paths: ['.'], cwd: dir });
          const second = await lint({ paths: ['.'], cwd: dir });
          expect(first.diagnostics.filter((d) => d.rule === INTERNAL_ERROR)).toEqual([]);
          const lines = t.split(/\r\n|\n|\r/).length;
          for (const d of first.diagnostics) {
            for (const s of [d.location, ...d.path.map((p) => p.location)]) {
              if (s.file === file) expect(within(s, lines), `${d.rule} ${JSON.stringify(s)} in ${lines} lines`).toBe(true);
            }
          }
          expect(JSON.stringify(second.diagnostics)).toBe(JSON.stringify(first.diagnostics));
          rmSync(dir, { recursive: true, force: true });
        }),
        { numRuns: 150, seed: 20261203 },
      );
    });
  }
});
