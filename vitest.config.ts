import { defineConfig } from 'vitest/config';

// Server, contract and web-logic tests run in Node; server tests use a real PostgreSQL: the global setup starts one
// server (embedded, or DATABASE_URL) and builds a migrated template database; each test file
// clones it, so files are isolated and can run in parallel.
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
