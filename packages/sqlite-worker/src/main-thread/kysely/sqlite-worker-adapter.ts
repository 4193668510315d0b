import { SqliteAdapter } from 'kysely';

/**
 * SQLite adapter that tells Kysely (≥ 0.29) it may run queries on several connections at once:
 * the executor routes reads to readers and serializes transactions on the writer itself.
 * Kysely 0.28 ignores the flag.
 */
export class SqliteWorkerAdapter extends SqliteAdapter {
  get supportsMultipleConnections(): boolean {
    return true;
  }
}
