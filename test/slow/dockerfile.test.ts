/**
 * The Drone plugin image builds: the Dockerfile's stages replayed (test/helpers/
 * dockerfile-replay.ts: exactly its COPY sources, its RUN steps), then the
 * runtime stage's entrypoint lints examples/ci-host in plugin mode and finds
 * the deadlock. A build stage that misses a file the build imports (TS2307,
 * as bench/units.ts → test/helpers/unit-gen.ts did) fails here.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayDockerfile } from '../helpers/dockerfile-replay.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('Dockerfile', () => {
  it('builds, and its entrypoint finds the deadlock in plugin mode', () => {
    const { stages } = replayDockerfile(join(ROOT, 'Dockerfile'), ROOT);
    const runtime = stages.at(-1)!;
    expect(runtime.entrypoint).toEqual(['deploy-lint']);
    // The entrypoint is found on PATH in the image: /usr/local/bin/deploy-lint, the link the last stage made.
    const entry = join(runtime.root, 'usr', 'local', 'bin', runtime.entrypoint![0]!);
    const repo = mkdtempSync(join(tmpdir(), 'deploy-lint-drone-src-'));
    cpSync(join(ROOT, 'examples', 'ci-host'), repo, { recursive: true });
    const r = spawnSync(process.execPath, [entry], {
      cwd: repo,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...runtime.env, DRONE: 'true', PLUGIN_FORMAT: 'concise', PLUGIN_PATHS: '.' },
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/error \[health-gate-deadlock\] deploy-proxy\.service waits on ci\.commoninternet\.net/);
    expect(r.status).toBe(1);
    expect(posix.isAbsolute(runtime.workdir)).toBe(true);
  });
});
