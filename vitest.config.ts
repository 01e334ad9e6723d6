import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    // Integration tests start real processes and bind real sockets; two cores, so keep
    // the number of files running at once small and give slow process work room.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
