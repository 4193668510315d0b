import type { Kysely } from 'kysely';
import { ChangeNotifier } from '../ledger/change-notifier.js';
import { LedgerCipher } from './ledger-cipher.js';
import { readPgChangePage, readPgHead } from './pg-change-log-repository.js';
import type { PgDatabase } from './pg-schema.js';
import { withUser } from './user-scope.js';

/**
 * One user's unlocked ledger on this store instance, shared by every handle of the user here:
 * the data key (only in memory, zeroed on close) and the change notifier, which reads the log
 * after each local write and after each NOTIFY from any instance.
 */
export class PgOpenLedger {
  readonly userId: string;
  readonly db: Kysely<PgDatabase>;
  readonly cipher: LedgerCipher;
  readonly notifier: ChangeNotifier;
  readonly handles = new Set<{ invalidate(): void }>();
  readonly #dataKey: Buffer;
  #closing: Promise<void> | null = null;

  private constructor(
    db: Kysely<PgDatabase>,
    userId: string,
    dataKey: Buffer,
    cipher: LedgerCipher,
    notifier: ChangeNotifier,
  ) {
    this.db = db;
    this.userId = userId;
    this.#dataKey = dataKey;
    this.cipher = cipher;
    this.notifier = notifier;
  }

  /** Opens a user's ledger with their data key; notifications start after the current log end. */
  static async open(
    db: Kysely<PgDatabase>,
    userId: string,
    dataKey: Buffer,
    onError: (error: unknown) => void,
  ): Promise<PgOpenLedger> {
    const cipher = new LedgerCipher(userId, dataKey);
    const { seq } = await withUser(db, userId, (trx) => readPgHead(trx, userId));
    const notifier = new ChangeNotifier({
      source: {
        readAfter: (after, limit) =>
          withUser(db, userId, (trx) => readPgChangePage(trx, cipher, after, limit)),
        latestSeq: async () => (await withUser(db, userId, (trx) => readPgHead(trx, userId))).seq,
      },
      lastSeq: seq,
      onError,
    });
    return new PgOpenLedger(db, userId, dataKey, cipher, notifier);
  }

  /** The data key (for sealing). */
  get dataKey(): Buffer {
    return this.#dataKey;
  }

  /** True once `close` has started. */
  get closed(): boolean {
    return this.#closing !== null;
  }

  /** Invalidates every handle, stops notifications and forgets the key (idempotent). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const handle of [...this.handles]) handle.invalidate();
      this.handles.clear();
      await this.notifier.stop();
      this.#dataKey.fill(0);
      this.cipher.forget();
    })();
    return this.#closing;
  }
}
