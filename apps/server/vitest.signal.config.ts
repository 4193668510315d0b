import { defineProject, mergeConfig } from 'vitest/config';
import { onSignalSqlcipher, sharedProjectConfig } from '../../vitest.shared.ts';

const config = mergeConfig(sharedProjectConfig, defineProject(onSignalSqlcipher('@coffer/server')));

/**
 * The server's end-to-end suites (journey, isolation, live resume) again, every database opened
 * through `@signalapp/sqlcipher`. The slow process/SIGTERM suites run on the default driver only.
 * (`include` is replaced, not merged: `mergeConfig` would append to the shared globs.)
 */
export default {
  ...config,
  test: {
    ...config.test,
    include: ['test/journey.test.ts', 'test/isolation.test.ts', 'test/live-resume.test.ts'],
  },
};
