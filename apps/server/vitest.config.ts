import { configDefaults, defineProject, mergeConfig } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

/** The server's suites on SQLite; the multi-instance suites run in the `(postgres)` project only. */
export default mergeConfig(
  sharedProjectConfig,
  defineProject({
    test: { name: '@coffer/server', exclude: [...configDefaults.exclude, 'test/cluster/**'] },
  }),
);
