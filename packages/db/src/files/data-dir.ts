import { join } from 'node:path';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Layout of the data directory. Every user path is built from a generated id (checked against
 * the UUID pattern here), never from a username:
 * `global.db`, `unlock-decoy.db`, `users/<id>.db` (+ `.pre-migration.db`, `.pre-rekey.db`),
 * `backups/<id>/<backup>.db`.
 */
export class DataDir {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** The plain global database. */
  get globalDb(): string {
    return join(this.root, 'global.db');
  }

  /** Copy of the global database taken before migrating it. */
  get globalPreMigration(): string {
    return join(this.root, 'global.pre-migration.db');
  }

  /**
   * An empty database encrypted under a random, forgotten passphrase: `unlock` of an unknown user
   * derives a key against it, so that answer costs what a wrong password costs.
   */
  get unlockDecoy(): string {
    return join(this.root, 'unlock-decoy.db');
  }

  /** Directory of the backups (one subdirectory per user). */
  get backupsRoot(): string {
    return join(this.root, 'backups');
  }

  /** Directory of the user databases. */
  get usersDir(): string {
    return join(this.root, 'users');
  }

  /** A user's encrypted database. */
  userDb(userId: string): string {
    return join(this.usersDir, `${assertUserId(userId)}.db`);
  }

  /** Copy of a user's database taken before migrating it. */
  preMigration(userId: string): string {
    return join(this.usersDir, `${assertUserId(userId)}.pre-migration.db`);
  }

  /** Copy of a user's database taken before changing its password. */
  preRekey(userId: string): string {
    return join(this.usersDir, `${assertUserId(userId)}.pre-rekey.db`);
  }

  /** A user's backup directory. */
  backupsDir(userId: string): string {
    return join(this.backupsRoot, assertUserId(userId));
  }
}

function assertUserId(userId: string): string {
  if (!ID.test(userId))
    throw new Error(`refusing a user id that is not a generated UUID: ${JSON.stringify(userId)}`);
  return userId;
}
