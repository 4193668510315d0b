import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

const config = mergeConfig(
  sharedProjectConfig,
  defineProject({ test: { name: '@coffer/server (postgres)', env: { COFFER_TEST_BACKEND: 'postgres' } } }),
);

/**
 * The API journey and isolation suites again, on PostgreSQL (each server on a fresh database of
 * the local server). They run when PostgreSQL answers
 * (`describe.runIf`), so `pnpm test` passes on a machine without it; `.ci/run` starts it here.
 * (`include` is replaced, not merged.)
 */
export default {
  ...config,
  test: {
    ...config.test,
    include: ['test/journey.test.ts', 'test/isolation.test.ts'],
  },
};
