import { afterEach } from 'vitest';

/** Something to undo after a test: close a server, a client, a proxy. */
export type Cleanup = () => Promise<void> | void;

/**
 * A list the tests of a file push their cleanups onto; after each test they run in reverse order
 * (last opened, first closed) and the list empties.
 */
export function cleanupsAfterEach(): Cleanup[] {
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}
