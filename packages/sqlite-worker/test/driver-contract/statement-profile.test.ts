import { describe, expect, it } from 'vitest';
import type { DriverDatabase } from '../../src/worker-thread/driver/driver-types.js';
import { loadDriver } from '../../src/worker-thread/driver/load-driver.js';

/**
 * `@signalapp/sqlcipher` exposes neither `sqlite3_stmt_readonly` nor the column count, so its
 * adapter reads both off the statement's `EXPLAIN` program. The worker routes reads to reader
 * connections by them; they must agree with what better-sqlite3 reports from SQLite itself.
 */
const STATEMENTS = [
  'SELECT id, name FROM t WHERE id = ?',
  'SELECT count(*) FROM t',
  'VALUES (1), (2)',
  'WITH x AS (SELECT 1 AS n) SELECT n FROM x',
  "WITH x AS (SELECT 'w' AS n) INSERT INTO t (name) SELECT n FROM x",
  'INSERT INTO t (name) VALUES (?)',
  'INSERT INTO t (name) VALUES (?) RETURNING id',
  'UPDATE t SET name = ? WHERE id = ?',
  'DELETE FROM t WHERE id = ?',
  'CREATE TABLE u (x)',
  'CREATE INDEX t_name ON t (name)',
  'BEGIN',
  'SAVEPOINT s',
  'PRAGMA user_version',
  'PRAGMA user_version = 3',
  'PRAGMA journal_mode',
  'PRAGMA wal_checkpoint(TRUNCATE)',
  'PRAGMA integrity_check',
  'VACUUM INTO ?',
  'SELECT * FROM fts WHERE fts MATCH ?',
  'INSERT INTO fts (body) VALUES (?)',
];

function openWith(specifier: string): DriverDatabase {
  const db = new (loadDriver(specifier))(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); CREATE VIRTUAL TABLE fts USING fts5(body)');
  return db;
}

const profiles = (db: DriverDatabase, sql: string) => {
  const statement = db.prepare(sql);
  return { sql, reader: statement.reader, readonly: statement.readonly };
};

describe('statement profile of the @signalapp/sqlcipher adapter', () => {
  it('agrees with sqlite3_stmt_readonly and the column count on every statement Coffer sends', () => {
    const reference = openWith('better-sqlite3-multiple-ciphers');
    const signal = openWith('@signalapp/sqlcipher');
    const expected = STATEMENTS.map((sql) => profiles(reference, sql));
    expect(STATEMENTS.map((sql) => profiles(signal, sql))).toEqual(expected);
    // The list covers both answers for both flags, so agreement is not vacuous.
    expect(new Set(expected.map((p) => `${p.reader}/${p.readonly}`))).toEqual(
      new Set(['true/true', 'false/true', 'true/false', 'false/false']),
    );
    reference.close();
    signal.close();
  });

  it('treats a statement with named placeholders as a write (unknown program: never sent to a reader)', () => {
    const signal = openWith('@signalapp/sqlcipher');
    expect(profiles(signal, 'SELECT id FROM t WHERE id = :id')).toMatchObject({
      reader: true,
      readonly: false,
    });
    expect(signal.prepare('SELECT id FROM t WHERE id = :id').all({ id: 1 })).toEqual([]);
    signal.close();
  });
});
