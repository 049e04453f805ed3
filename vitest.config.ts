import { defineConfig } from 'vitest/config';

/**
 * `--mode postgres` (`npm run test:postgres`): the suites whose store E2E_STORE chooses (end to
 * end, billing, the stores) once more, on PostgreSQL. Their folders are this `include` rather
 * than filters on the command line: vitest runs a file matching any filter, so files named
 * after them (`npm run test:postgres -- one.test.ts`) narrowed nothing. Here they filter within it.
 */
const POSTGRES_RUN = {
  include: ['scripts/e2e/**/*.test.ts', 'plugins/billing/**/*.test.ts', 'plugins/stores/**/*.test.ts'],
  env: { E2E_STORE: 'postgres' },
};

export default defineConfig(({ mode }) => ({
  test: {
    include: ['kernel/**/*.test.ts', 'plugins/**/*.test.ts', 'skills/**/*.test.ts', 'desktop/**/*.test.ts', 'console/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    ...(mode === 'postgres' ? POSTGRES_RUN : {}),
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
}));
