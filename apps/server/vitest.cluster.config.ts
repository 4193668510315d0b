import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

const config = mergeConfig(
  sharedProjectConfig,
  defineProject({
    test: {
      name: '@coffer/server (cluster)',
      env: { COFFER_TEST_BACKEND: 'postgres' },
      // Its delivery-latency bound (p99 ≤ 100 ms across three processes) is a measurement: run it
      // after every other project has finished, not beside them on two shared cores.
      sequence: { groupOrder: 1 },
    },
  }),
);

/**
 * The multi-instance suites: three server processes on one PostgreSQL database. They run when
 * PostgreSQL answers (`describe.runIf`), so `pnpm test` passes on a machine without it; `.ci/run`
 * starts it here. (`include` is replaced, not merged.)
 */
export default {
  ...config,
  test: {
    ...config.test,
    include: ['test/cluster/**/*.test.ts'],
  },
};
