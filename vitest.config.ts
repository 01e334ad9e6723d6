import { defineConfig } from 'vitest/config';

/**
 * The integration suites stage real processes the Linux way: /proc for liveness and
 * children, `ss`, POSIX process groups, `sh -c … & wait` wrappers. On macOS and Windows
 * (the hosted CI workflow) they are left out, and this says so in the output; the parsers
 * for those platforms are unit-tested on recorded command output, and the Electron e2e
 * exercises the live reader there. The product service's suites run on macOS too (Redis
 * from Homebrew); on Windows there is no redis-server and no POSIX signals.
 */
const NOT_ON: Partial<Record<NodeJS.Platform, { globs: string[]; why: string }>> = {
  darwin: {
    globs: ['test/integration/{cli,health,monitor,ports,processes,server,services,shell}/**'],
    why: 'they read /proc and use Linux process tools',
  },
  win32: {
    globs: ['test/integration/**'],
    why: 'they read /proc and use POSIX process groups, signals, sh and redis-server',
  },
};
const excluded = NOT_ON[process.platform];
if (excluded) {
  console.log(
    `[vitest] SKIPPED on ${process.platform}: ${excluded.globs.join(', ')} — ${excluded.why}. They run on Linux (.ci/run and the ubuntu job).`,
  );
}

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', ...(excluded?.globs ?? [])],
    // Integration tests start real processes and bind real sockets; two cores, so keep
    // the number of files running at once small and give slow process work room.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
