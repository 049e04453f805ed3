import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['kernel/**/*.test.ts', 'plugins/**/*.test.ts', 'skills/**/*.test.ts', 'desktop/**/*.test.ts', 'console/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    // Integration tests start real servers (gateway, simulator, PostgreSQL, Redis clients):
    // separate processes keep their ports and handles apart.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll ends as soon as its condition holds, so a long limit costs a passing test
    // nothing; vitest's 1 s default failed a Console browser step (a second Chromium signing
    // in) on a clean clone while the 2-core machine was busy.
    expect: { poll: { timeout: 10_000 } },
  },
});
