import { defineProject } from 'vitest/config';

/**
 * Settings every package's vitest project shares: workspace packages resolve to their TypeScript
 * source through the `@coffer/source` export condition, so tests never need a build.
 */
const conditions = ['@coffer/source', 'module', 'node', 'development|production'];

/** The project config each package merges its own name (and options) into. */
export const sharedProjectConfig = defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@coffer/source'] } },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

/**
 * A second project running a package's suite on `@signalapp/sqlcipher` instead of the default
 * driver: test support reads `COFFER_TEST_SQLITE_DRIVER` through `driverUnderTest()` from
 * `@coffer/sqlite-worker/testing`. Used by `packages/<name>/vitest.signal.config.ts`, listed in the
 * root config's `projects`.
 */
export function onSignalSqlcipher(name: string) {
  return defineProject({
    test: { name: `${name} (signal)`, env: { COFFER_TEST_SQLITE_DRIVER: '@signalapp/sqlcipher' } },
  });
}
