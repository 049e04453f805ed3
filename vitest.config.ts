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
  },
});
