import { defineConfig } from 'vitest/config';

/**
 * `npm run test:slow`: test/slow/, the suites that drive real external programs (nix-instantiate,
 * systemd-analyze, pre-commit, Chromium) or sweep every fixture many times (determinism), kept out
 * of `npm test` so that it runs in a minute. `.ci/run` runs both.
 */
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
