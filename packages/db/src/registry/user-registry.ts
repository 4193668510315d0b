import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { GlobalDatabase, UsersTable } from './registry-schema.js';

/** Public facts about a user (no secrets exist to leak: none are stored). */
export interface UserInfo {
  /** Generated UUID; also names the user's database file. */
  id: string;
  /** Normalized username. */
  username: string;
  createdAt: number;
  lastLoginAt: number | null;
}

/** A registry row. */
export type UserRow = Selectable<UsersTable>;

/** Maps a registry row to public user facts. */
export function toUserInfo(row: UserRow): UserInfo {
  return { id: row.id, username: row.username, createdAt: row.created_at, lastLoginAt: row.last_login_at };
}

/**
 * The row of a user being registered (both backends): a fresh UUID, created now, never logged in.
 * `db_file` is empty; the SQLite store names the file after the id.
 */
export function newUserRow(username: string): UserRow {
  return {
    id: randomUUID(),
    username,
    db_file: '',
    created_at: Date.now(),
    last_login_at: null,
    pending_rekey_backup: null,
  };
}

/** Queries of the user registry in the global DB. */
export class UserRegistry {
  #db: Kysely<GlobalDatabase>;

  constructor(db: Kysely<GlobalDatabase>) {
    this.#db = db;
  }

  /** The row of a normalized username. */
  find(username: string): Promise<UserRow | undefined> {
    return this.#db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  /** The row of a user id. */
  findById(id: string): Promise<UserRow | undefined> {
    return this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Adds a user; a duplicate username raises SQLite's unique violation. */
  async insert(row: UserRow): Promise<void> {
    await this.#db.insertInto('users').values(row).execute();
  }

  /** Records a successful unlock. */
  async touchLogin(id: string, at: number): Promise<void> {
    await this.#db.updateTable('users').set({ last_login_at: at }).where('id', '=', id).execute();
  }

  /** Marks (or clears, with `null`) a password change in progress. */
  async setPendingRekey(id: string, backupPath: string | null): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({ pending_rekey_backup: backupPath })
      .where('id', '=', id)
      .execute();
  }

  /** Removes a user from the registry. */
  async delete(id: string): Promise<void> {
    await this.#db.deleteFrom('users').where('id', '=', id).execute();
  }
}
