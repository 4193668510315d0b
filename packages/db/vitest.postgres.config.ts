import { defineProject } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

/**
 * Tests against a real PostgreSQL server (`DATABASE_URL`, else the local default
 * `postgres://postgres@127.0.0.1:5432/test`). Each file creates and drops its own database; every
 * suite runs only when the server answers (`describe.runIf`), so `pnpm test` passes without one.
 * (Not `mergeConfig`: it would append this `include` to the shared one instead of replacing it.)
 */
export default defineProject({
  ...sharedProjectConfig,
  test: {
    ...sharedProjectConfig.test,
    name: '@coffer/db (postgres)',
    include: ['test-postgres/**/*.test.ts'],
    fileParallelism: false,
  },
});
