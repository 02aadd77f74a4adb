import { defineConfig } from 'vitest/config';

/** `npm run test:slow`: suites that drive real external programs (Chromium), kept out of `npm test`. */
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
