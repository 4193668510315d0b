import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

/** The HTTP end-to-end files, run a second time over the stock adapter. */
const include = [
  'test/http-transport.test.ts',
  'test/bad-input.test.ts',
  'test/limits.test.ts',
  'test/login-throttling.test.ts',
  'test/end-to-end.test.ts',
  'test/client-transports.test.ts',
];

const merged = mergeConfig(
  sharedProjectConfig,
  defineProject({ test: { name: '@coffer/server (stock http)', env: { HTTP_ADAPTER: 'stock' } } }),
);

/**
 * The HTTP end-to-end files again, over tRPC's stock standalone adapter (`HTTP_ADAPTER=stock`), so
 * the lean adapter is held to the stock one's behaviour. Listed in the root config's `projects`.
 * (`include` is set after merging: `mergeConfig` would append it to the shared globs.)
 */
export default { ...merged, test: { ...merged.test, include } };
