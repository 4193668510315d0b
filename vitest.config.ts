import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * One run over every package and app; each keeps its own `vitest.config.ts` as a project. Suites
 * that must pass on both SQLite drivers add a `vitest.signal.config.ts` project (`onSignalSqlcipher`).
 */
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'apps/*',
      'packages/*/vitest.signal.config.ts',
      'apps/*/vitest.signal.config.ts',
      'apps/server/vitest.stock-http.config.ts',
      'packages/db/vitest.postgres.config.ts',
      'apps/server/vitest.postgres.config.ts',
      'apps/server/vitest.cluster.config.ts',
    ],
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // where most files wait on worker threads, child processes, sockets and the libuv pool (KDFs)
    // rather than on the CPU. Two workers there; the default elsewhere.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/report.json' },
    typecheck: { enabled: false },
  },
});
