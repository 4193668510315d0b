import { ChangeNotifier } from '../ledger/change-notifier.js';
import { LedgerCipher } from './ledger-cipher.js';
import { readPgChangePage, readPgHead } from './pg-change-log-repository.js';
import type { UserScope } from './user-scope.js';

/**
 * One user's unlocked ledger on this store instance, shared by every handle of the user here:
 * the data key (only in memory, zeroed on close) and the change notifier, which reads the log
 * after each local write and after each NOTIFY from any instance.
 */
export class PgOpenLedger {
  readonly userId: string;
  /** Transactions scoped to the user. */
  readonly scope: UserScope;
  readonly cipher: LedgerCipher;
  readonly notifier: ChangeNotifier;
  readonly handles = new Set<{ invalidate(): void }>();
  readonly #dataKey: Buffer;
  #closing: Promise<void> | null = null;

  private constructor(
    scope: UserScope,
    userId: string,
    dataKey: Buffer,
    cipher: LedgerCipher,
    notifier: ChangeNotifier,
  ) {
    this.scope = scope;
    this.userId = userId;
    this.#dataKey = dataKey;
    this.cipher = cipher;
    this.notifier = notifier;
  }

  /** Opens a user's ledger with their data key; notifications start after the current log end. */
  static async open(
    scope: UserScope,
    userId: string,
    dataKey: Buffer,
    onError: (error: unknown) => void,
  ): Promise<PgOpenLedger> {
    const cipher = new LedgerCipher(userId, dataKey);
    const { seq } = await scope.run((trx) => readPgHead(trx, userId));
    const notifier = new ChangeNotifier({
      source: {
        readAfter: (after, limit) => scope.run((trx) => readPgChangePage(trx, cipher, after, limit)),
        latestSeq: async () => (await scope.run((trx) => readPgHead(trx, userId))).seq,
      },
      lastSeq: seq,
      onError,
    });
    return new PgOpenLedger(scope, userId, dataKey, cipher, notifier);
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
