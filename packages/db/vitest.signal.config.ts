import { configDefaults, defineProject, mergeConfig } from 'vitest/config';
import { onSignalSqlcipher, sharedProjectConfig } from '../../vitest.shared.ts';

/**
 * The same suite as `@coffer/db`, every database opened through `@signalapp/sqlcipher`. The
 * PGlite files open no SQLite database, so they run once, in `@coffer/db`.
 */
export default mergeConfig(
  sharedProjectConfig,
  mergeConfig(
    defineProject(onSignalSqlcipher('@coffer/db')),
    defineProject({ test: { exclude: [...configDefaults.exclude, 'test/**/*.pglite.test.ts'] } }),
  ),
);
