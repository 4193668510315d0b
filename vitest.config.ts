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
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/report.json' },
    typecheck: { enabled: false },
  },
});
