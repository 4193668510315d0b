import type { SqliteDatabase } from '@coffer/sqlite-worker';
import type { Kysely } from 'kysely';
import { latestSeq, readChangePage } from '../repositories/change-log-repository.js';
import type { UserDatabase } from '../user-database/user-schema.js';
import { ChangeNotifier } from './change-notifier.js';

/**
 * One user's open database, shared by every handle (`UserLedger`) unlocked for that user, so
 * all of them write through one writer and hear each other's changes. Closed with the last handle.
 */
export class OpenLedger {
  readonly userId: string;
  readonly database: SqliteDatabase;
  readonly db: Kysely<UserDatabase>;
  readonly notifier: ChangeNotifier;
  /** Handles currently holding this ledger open. */
  readonly handles = new Set<{ invalidate(): void }>();
  #closing: Promise<void> | null = null;

  private constructor(
    userId: string,
    opened: { database: SqliteDatabase; db: Kysely<UserDatabase> },
    notifier: ChangeNotifier,
  ) {
    this.userId = userId;
    this.database = opened.database;
    this.db = opened.db;
    this.notifier = notifier;
  }

  /** Wraps an open, migrated database; starts change notification after the current log end. */
  static async create(
    userId: string,
    opened: { database: SqliteDatabase; db: Kysely<UserDatabase> },
    onError: (error: unknown) => void,
  ): Promise<OpenLedger> {
    // Only this process writes the file and the ledger was not open, so every import still marked
    // `running` died with an earlier process.
    await opened.db
      .updateTable('import_batches')
      .set({ status: 'interrupted', finished_at: Date.now() })
      .where('status', '=', 'running')
      .execute();
    const notifier = new ChangeNotifier({
      source: {
        readAfter: (after, limit) => readChangePage(opened.db, after, limit),
        latestSeq: () => latestSeq(opened.db),
      },
      lastSeq: await latestSeq(opened.db),
      onError,
    });
    return new OpenLedger(userId, opened, notifier);
  }

  /** True once `close` has started. */
  get closed(): boolean {
    return this.#closing !== null;
  }

  /** Invalidates every handle, stops notifications, closes the database (idempotent). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const handle of [...this.handles]) handle.invalidate();
      this.handles.clear();
      await this.notifier.stop();
      await this.database.close();
    })();
    return this.#closing;
  }
}
