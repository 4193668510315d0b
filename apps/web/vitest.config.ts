import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

/**
 * Browser tests: the built app (rebuilt by the global setup when stale) served by a real Coffer
 * server, driven in Debian's headless Chromium through playwright-core.
 */
export default mergeConfig(
  sharedProjectConfig,
  defineProject({
    test: {
      name: '@coffer/web',
      include: ['test/**/*.test.ts'],
      globalSetup: ['test/support/global-setup.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }),
);
