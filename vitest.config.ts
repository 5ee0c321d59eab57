import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Python-backed tests are CPU heavy; two cores here.
    maxWorkers: 2,
  },
});
