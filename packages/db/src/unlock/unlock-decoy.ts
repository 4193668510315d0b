import { randomBytes } from 'node:crypto';
import type { SqlitePool } from '@coffer/sqlite-worker';
import { exists } from '../files/file-ops.js';
import { createPrivateFile } from '../files/private-files.js';
import { passwordOpens } from '../user-database/open-user-database.js';

/**
 * Makes `unlock` of an unknown user cost what a wrong password costs: the offered password goes
 * through the same SQLCipher KDF, against the salt of an empty database encrypted under a random
 * passphrase that nobody keeps. Created on first use.
 */
export class UnlockDecoy {
  readonly #pool: SqlitePool;
  readonly #path: string;
  #ready: Promise<void> | undefined;

  constructor(pool: SqlitePool, path: string) {
    this.#pool = pool;
    this.#path = path;
  }

  /** Spends one key derivation on `password`; the answer is always "no such user". */
  async spend(password: string): Promise<void> {
    if (this.#ready === undefined) {
      // Creating the decoy derives a key too, so the first call costs what later ones cost.
      const first = this.#createOrSpend(password);
      this.#ready = first.catch(() => {
        this.#ready = undefined;
      });
      return first;
    }
    await this.#ready;
    await passwordOpens(this.#pool, this.#path, password);
  }

  async #createOrSpend(password: string): Promise<void> {
    if (await exists(this.#path)) {
      await passwordOpens(this.#pool, this.#path, password);
      return;
    }
    await createPrivateFile(this.#path);
    const database = await this.#pool.open({
      path: this.#path,
      encryption: { passphrase: randomBytes(32).toString('base64url') },
    });
    await database.exec('CREATE TABLE decoy (id INTEGER PRIMARY KEY)');
    await database.close();
  }
}
