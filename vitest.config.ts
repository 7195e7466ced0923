import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/fixed-seed.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: two workers, so network-timing tests are not starved.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
